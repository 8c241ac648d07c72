package org.invitedesk.data;

import org.apache.ibatis.annotations.Param;
import org.invitedesk.domain.Division;
import org.invitedesk.domain.Lookup;
import org.invitedesk.domain.LookupKind;

import java.util.List;

public interface LookupMapper {
    List<Division> divisions();

    Division divisionByCode(@Param("code") String code);

    /** {@code kind} picks the table from the fixed {@link LookupKind} list. */
    List<Lookup> lookups(@Param("kind") LookupKind kind, @Param("divisionId") long divisionId);

    Lookup lookupByCode(@Param("kind") LookupKind kind, @Param("divisionId") long divisionId, @Param("code") String code);

    long accountCount();
}
