package org.invitedesk.data;

import org.apache.ibatis.annotations.Param;

/** The fingerprint of the migration files last applied ({@link SchemaFiles}). */
public interface SchemaMapper {
    String fingerprint();

    int storeFingerprint(@Param("fingerprint") String fingerprint);
}
