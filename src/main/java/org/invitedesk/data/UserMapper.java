package org.invitedesk.data;

import org.apache.ibatis.annotations.Param;

import java.util.List;

public interface UserMapper {
    Long userId(@Param("login") String login);

    List<Integer> permissions(@Param("login") String login);
}
