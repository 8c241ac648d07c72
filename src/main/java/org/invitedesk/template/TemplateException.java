package org.invitedesk.template;

/** A template that cannot be compiled or rendered: which part, where, and why. */
public class TemplateException extends RuntimeException {
    private final String part;
    private final int line;
    private final int column;

    public TemplateException(String part, int line, int column, String reason) {
        super(part + (line > 0 ? ", line " + line + ", column " + column : "") + ": " + reason);
        this.part = part;
        this.line = line;
        this.column = column;
    }

    public String part() { return part; }
    public int line() { return line; }
    public int column() { return column; }
}
