package org.invitedesk.data;

import org.apache.ibatis.annotations.Param;

import java.util.List;

public interface UserMapper {
    Long userId(@Param("login") String login);

    List<Integer> permissions(@Param("login") String login);

    /** The database login of this connection, and whether it may write Invite Desk's tables directly (the schema's owner, or granted so). */
    org.invitedesk.domain.DatabaseLogin databaseLogin();

    /** {@code grant}: the login role (made when missing), its group roles, its app_user row and permissions; {@code service}: a sender service's login (with 390); "created" or "existing". */
    String grant(@Param("login") String login, @Param("name") String name,
                 @Param("permissions") Integer[] permissions, @Param("service") boolean service);
}
