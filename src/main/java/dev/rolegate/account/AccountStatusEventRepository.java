package dev.rolegate.account;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Queries on {@link AccountStatusEvent}. */
@ApplicationScoped
public class AccountStatusEventRepository implements PanacheRepositoryBase<AccountStatusEvent, Long> {

    public List<AccountStatusEvent> history(UUID accountId) {
        return list("accountId", Sort.by("id"), accountId);
    }
}
