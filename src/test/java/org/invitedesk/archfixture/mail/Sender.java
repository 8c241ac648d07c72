package org.invitedesk.archfixture.mail;

/** A deliberate breach: mail reaching into the services, and JavaFX outside the ui. */
public class Sender {
    javafx.beans.property.SimpleStringProperty status;

    public int send() { return org.invitedesk.archfixture.service.Work.done(); }
}
