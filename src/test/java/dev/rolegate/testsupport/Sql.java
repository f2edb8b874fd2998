package dev.rolegate.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;

/** One-line JDBC for test assertions and set-up, outside the application's transactions. */
public final class Sql {

    private Sql() {
    }

    /** The first column of the first row as a long, or 0 when there is no row. */
    public static long queryLong(DataSource dataSource, String sql, Object... params) {
        return query(dataSource, sql, params, rs -> rs.next() ? rs.getLong(1) : 0L);
    }

    /** The first column of the first row as a string, or null when there is no row. */
    public static String queryString(DataSource dataSource, String sql, Object... params) {
        return query(dataSource, sql, params, rs -> rs.next() ? rs.getString(1) : null);
    }

    /** The first column of the first row as an instant, or null when there is no row. */
    public static Instant queryInstant(DataSource dataSource, String sql, Object... params) {
        return query(dataSource, sql, params, rs -> rs.next() ? rs.getTimestamp(1).toInstant() : null);
    }

    public static int execute(DataSource dataSource, String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, sql, params)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T query(DataSource dataSource, String sql, Object[] params, RowReader<T> reader) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            return reader.read(rs);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object[] params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        return ps;
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }
}
