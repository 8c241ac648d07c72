package org.invitedesk.data;

import org.apache.ibatis.annotations.Param;
import org.invitedesk.domain.CopyCheck;

import java.util.List;

/** Compares every derived copy with its source (the SQL function {@code invite_check_counts}, R__check_counts.sql). */
public interface CheckMapper {
    List<CopyCheck> check(@Param("repair") boolean repair);
}
