package dev.rolegate.testsupport;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** A digest of every row of rolegate's tables, to prove a rejected request stored nothing. */
public final class DatabaseFingerprint {

    private static final List<String> TABLES = List.of("project", "aws_account", "aws_session", "account_status_event", "audit_event",
            "worker_token", "worker_grant");

    private DatabaseFingerprint() {
    }

    public static String of(AgroalDataSource dataSource) {
        StringBuilder digest = new StringBuilder();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = statement.executeQuery("select count(*), coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from " + table + " t")) {
                    rs.next();
                    digest.append(table).append('=').append(rs.getLong(1)).append(':').append(rs.getString(2)).append(';');
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return digest.toString();
    }
}
