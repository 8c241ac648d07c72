package org.invitedesk.data;

import com.google.inject.AbstractModule;

/** The database the services work on: its MyBatis sessions ({@link Db}) and, for the few who need it, the {@link Database}. */
public final class PersistenceModule extends AbstractModule {
    private final Database database;

    public PersistenceModule(Database database) { this.database = database; }

    @Override
    protected void configure() {
        bind(Database.class).toInstance(database);
        bind(Db.class).toInstance(database.db());
    }
}
