package org.invitedesk.data;

import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.invitedesk.domain.Template;

import java.util.List;

public interface TemplateMapper {
    /** The newest version of each active portal-invite template. */
    List<Template> active();

    /** The newest version of every template, active or not. */
    List<Template> latestAll();

    Template byId(@Param("id") long id);

    Template activeByName(@Param("name") String name);

    int nextVersion(@Param("key") String key);

    void insert(@Param("t") Template t, @Param("version") int version, @Param("by") String by);

    /** Serialises template saves (a transaction-scoped advisory lock). */
    int lockTemplates(@Param("namespace") int namespace, @Param("key") int key);

    /** Serialises template saves: {@link LockKeys#TEMPLATES}. */
    default void lockTemplates() { lockTemplates(LockKeys.NAMESPACE, LockKeys.TEMPLATES); }

    int deactivate(@Param("key") String key, @Param("by") String by);
}
