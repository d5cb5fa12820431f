package com.coachway.hub.templates;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.coachway.hub.AdvisoryLocks;
import com.coachway.hub.http.RequestBodies;
import com.coachway.hub.problem.FieldError;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Templates in PostgreSQL: the current version per name, and every version ever written. */
@Component
public class TemplateStore {

    private static final int KEPT_VERSIONS = 1000;

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final TransactionTemplate transactions;
    private final Map<String, Template> versions = new ConcurrentHashMap<>();

    public TemplateStore(JdbcClient jdbc, ObjectMapper json, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.transactions = transactions;
    }

    /**
     * The current version of a template that is not deleted. Only its version number is read each time: a version,
     * once written, never changes, so its parsed content is kept (every send renders a template).
     */
    public Optional<Template> current(String name) {
        return jdbc.sql("SELECT current_version FROM templates WHERE name = :name AND NOT deleted")
                .param("name", name)
                .query(Integer.class)
                .optional()
                .flatMap(version -> version(name, version));
    }

    private Optional<Template> version(String name, int version) {
        String key = version + "@" + name;
        Template kept = versions.get(key);
        if (kept != null) {
            return Optional.of(kept);
        }
        Optional<Template> read = jdbc.sql("SELECT * FROM template_versions WHERE name = :name AND version = :version")
                .param("name", name)
                .param("version", version)
                .query(this::template)
                .optional();
        read.ifPresent(template -> {
            if (versions.size() >= KEPT_VERSIONS) {
                versions.clear(); // far more versions than any hub sends with; start again rather than grow
            }
            versions.put(key, template);
        });
        return read;
    }

    /** Every template in force, by name. */
    public List<Template> list() {
        return jdbc
                .sql("""
                        SELECT v.* FROM templates t JOIN template_versions v ON v.name = t.name AND v.version = t.current_version
                        WHERE NOT t.deleted ORDER BY t.name
                        """)
                .query(this::template)
                .list();
    }

    /** Every version of a template, newest first (deleted templates included: history is kept). */
    public List<Template> versions(String name) {
        return jdbc.sql("SELECT * FROM template_versions WHERE name = :name AND NOT deleted ORDER BY version DESC")
                .param("name", name)
                .query(this::template)
                .list();
    }

    /**
     * Runs the seeding in one transaction under a lock every instance takes for it: instances that start together
     * seed one after the other, and the later one finds the templates written instead of failing its start-up on a
     * duplicate version.
     */
    void seeding(Runnable seed) {
        transactions.executeWithoutResult(tx -> {
            AdvisoryLocks.hold(jdbc, "hub.template-seeds");
            seed.run();
        });
    }

    /** Whether the name was ever used (a deleted template keeps its name and history). */
    public Optional<Boolean> deleted(String name) {
        return jdbc.sql("SELECT deleted FROM templates WHERE name = :name")
                .param("name", name)
                .query(Boolean.class)
                .optional();
    }

    /**
     * The problem with a filter on a template that never was: it would find nothing, and a misspelt name ("zero sent",
     * "no notifications") reads like a fact. Null names and names used once (deleted ones too) have none.
     */
    public Optional<FieldError> neverNamed(String field, String name) {
        if (name == null || deleted(name).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new FieldError(field, "no template was ever named '" + RequestBodies.shown(name)
                + "' (GET /api/v1/templates lists them)"));
    }

    /**
     * Writes a new version: version 1 for a new name, the next number for an existing or deleted one. Returns null
     * when {@code mustExist} does not match whether the template is in force (POST of an existing one, PUT of a
     * missing one).
     */
    public Template write(TemplateDraft draft, String name, boolean mustExist, String by) {
        return transactions.execute(tx -> {
            // writers of one name queue here: a new (or deleted) name has no row to lock, and two admins creating it
            // at once would both take version 1, the second failing on a duplicate key instead of hearing 409
            AdvisoryLocks.hold(jdbc, "template/" + name);
            Optional<Integer> current = jdbc.sql("SELECT current_version FROM templates WHERE name = :name "
                    + "AND NOT deleted FOR UPDATE")
                    .param("name", name)
                    .query(Integer.class)
                    .optional();
            if (current.isPresent() != mustExist) {
                return null;
            }
            int version = jdbc.sql("SELECT coalesce(max(version), 0) + 1 FROM template_versions WHERE name = :name")
                    .param("name", name)
                    .query(Integer.class)
                    .single();
            jdbc.sql("""
                    INSERT INTO templates (name, current_version) VALUES (:name, :version)
                    ON CONFLICT (name) DO UPDATE SET current_version = :version, deleted = false, updated_at = now()
                    """)
                    .param("name", name)
                    .param("version", version)
                    .update();
            jdbc.sql("""
                    INSERT INTO template_versions (name, version, category, content, created_by)
                    VALUES (:name, :version, :category, CAST(:content AS jsonb), :by)
                    """)
                    .param("name", name)
                    .param("version", version)
                    .param("category", draft.category())
                    .param("content", write(draft.content()))
                    .param("by", by)
                    .update();
            return current(name).orElseThrow();
        });
    }

    /** Deletes a template: it stops being used, its versions stay. False when it was not in force. */
    public boolean delete(String name) {
        return jdbc.sql("UPDATE templates SET deleted = true, updated_at = now() WHERE name = :name AND NOT deleted")
                .param("name", name)
                .update() == 1;
    }

    private Template template(ResultSet rs, int row) throws SQLException {
        try {
            return new Template(rs.getString("name"), rs.getString("category"), rs.getInt("version"),
                    json.readValue(rs.getString("content"), TemplateContent.class),
                    rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("template " + rs.getString("name") + " is stored unreadably", e);
        }
    }

    private String write(TemplateContent content) {
        try {
            return json.writeValueAsString(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write template content", e);
        }
    }
}
