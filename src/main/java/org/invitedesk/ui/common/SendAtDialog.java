package org.invitedesk.ui.common;

import javafx.scene.control.ButtonType;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/** "Send at…": a date and a time (24-hour, the computer's time zone); OK only while both are valid and to come. */
final class SendAtDialog {
    private SendAtDialog() { }

    static LocalDateTime ask(Window owner) {
        Dialog<LocalDateTime> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("Send at…");
        d.setHeaderText("When should the sending start?");
        d.getDialogPane().setId("sendAtDialog");
        DatePicker date = new DatePicker(LocalDate.now().plusDays(1));
        date.setId("sendAtDate");
        date.setConverter(DATES); // "Thu 3 Dec 2026": no day/month order to guess
        TextField time = new TextField("08:00");
        time.setId("sendAtTime");
        time.setPrefColumnCount(6);
        Label problem = new Label();
        problem.setId("sendAtProblem");
        problem.getStyleClass().add("field-error");
        problem.setWrapText(true);
        problem.setMaxWidth(360);
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(8);
        g.addRow(0, new Label("Date:"), date);
        g.addRow(1, new Label("Time (24-hour):"), time);
        Label zone = new Label(zoneText(java.time.ZoneId.systemDefault(), java.time.Instant.now()));
        zone.setId("sendAtZone");
        g.addRow(2, new Label("Time zone:"), zone);
        g.add(problem, 0, 3, 2, 1);
        d.getDialogPane().setContent(g);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        javafx.scene.Node ok = d.getDialogPane().lookupButton(ButtonType.OK);
        Runnable check = () -> {
            String why = problem(date.getValue(), time.getText());
            problem.setText(why == null ? "" : why);
            ok.setDisable(why != null);
        };
        date.valueProperty().addListener((o, a, b) -> check.run());
        time.textProperty().addListener((o, a, b) -> check.run());
        check.run();
        d.setResultConverter(b -> b == ButtonType.OK ? LocalDateTime.of(date.getValue(), LocalTime.parse(time.getText().strip())) : null);
        return d.showAndWait().orElse(null);
    }

    private static final java.time.format.DateTimeFormatter DAY =
            java.time.format.DateTimeFormatter.ofPattern("EEE d MMM yyyy", java.util.Locale.ENGLISH);

    /** Dates shown as "Thu 3 Dec 2026"; typed that way or as 2026-12-03. */
    static final javafx.util.StringConverter<LocalDate> DATES = new javafx.util.StringConverter<>() {
        @Override public String toString(LocalDate d) { return d == null ? "" : DAY.format(d); }
        @Override public LocalDate fromString(String s) {
            if (s == null || s.isBlank()) return null;
            try {
                return LocalDate.parse(s.strip(), DAY);
            } catch (DateTimeParseException e) {
                try {
                    return LocalDate.parse(s.strip());
                } catch (DateTimeParseException e2) {
                    return null; // "Choose a date." says what is missing
                }
            }
        }
    };

    /** The computer's time zone, which the date and time are in: "Europe/Berlin (UTC+01:00)". */
    static String zoneText(java.time.ZoneId zone, java.time.Instant at) {
        String offset = zone.getRules().getOffset(at).getId();
        return zone.getId() + " (UTC" + ("Z".equals(offset) ? "" : offset) + "), this computer's";
    }

    /** What is wrong with the date and time, or null. */
    static String problem(LocalDate date, String time) {
        if (date == null) return "Choose a date.";
        LocalTime t;
        try {
            t = LocalTime.parse(time.strip());
        } catch (DateTimeParseException e) {
            return "Type the time as hours and minutes, like 08:00 or 17:30.";
        }
        if (!LocalDateTime.of(date, t).isAfter(LocalDateTime.now())) return "That time has passed; choose one to come.";
        return null;
    }
}
