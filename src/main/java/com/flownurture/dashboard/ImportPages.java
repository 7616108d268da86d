package com.flownurture.dashboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.flownurture.common.Ids;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.NotFoundException;
import com.flownurture.contacts.ContactImport;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code /contacts/import}: a CSV upload runs as a background job through {@link ContactImport} (the CLI's import),
 * so it goes on when the page is closed; its page polls the progress through htmx, then shows the per-row report.
 * Jobs are kept in memory for a day. Thread-safe.
 */
public final class ImportPages {

    private static final Logger LOG = Logger.getLogger(ImportPages.class.getName());

    static final int BATCH = 500;

    private final java.util.function.Supplier<ContactImport> imports;
    private final Cache<String, Job> jobs = Caffeine.newBuilder().expireAfterWrite(Duration.ofDays(1))
            .maximumSize(1_000).build();

    ImportPages(java.util.function.Supplier<ContactImport> imports) {
        this.imports = imports;
    }

    void routes(DashboardRoutes routing) {
        routing.get("/contacts/import", this::form)
                .post("/contacts/import", this::upload)
                .get("/contacts/import/{job}", this::progress);
    }

    /** An import in progress or done; {@code result} and {@code report} are set once it has finished. */
    public static final class Job {
        private final String id;
        private final String orgId;
        private final AtomicLong rows = new AtomicLong();
        private volatile ContactImport.Result result;
        private volatile List<String> report = List.of();
        private volatile String failure;

        Job(String id, String orgId) {
            this.id = id;
            this.orgId = orgId;
        }

        public String id() {
            return id;
        }

        public long rows() {
            return rows.get();
        }

        public boolean done() {
            return result != null || failure != null;
        }

        public ContactImport.Result result() {
            return result;
        }

        public List<String> report() {
            return report;
        }

        public String failure() {
            return failure;
        }
    }

    /** {@code curl -b jar localhost:8080/contacts/import} */
    private void form(ServerRequest req, ServerResponse res) {
        Html.send(res, "import.jte", Html.params("page", Chrome.of(req, "Import contacts", "Contacts"), "job", null));
    }

    /**
     * The CSV as the request body (the page's script sends the chosen file), with the CSRF token in a header.
     * {@code curl -b jar -H "X-CSRF-Token: $T" -H 'Content-Type: text/csv' --data-binary @people.csv
     * localhost:8080/contacts/import}
     */
    private void upload(ServerRequest req, ServerResponse res) {
        byte[] csv = req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0];
        Job job = new Job(Ids.newId(), Chrome.orgId(req));
        jobs.put(job.id, job);
        Thread.ofVirtual().name("dashboard-import-" + job.id).start(() -> run(job, csv));
        Html.redirect(res, "/contacts/import/" + job.id);
    }

    private void run(Job job, byte[] csv) {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        try (PrintStream report = new PrintStream(errors, true, StandardCharsets.UTF_8);
             var reader = new InputStreamReader(new java.io.ByteArrayInputStream(csv), StandardCharsets.UTF_8)) {
            ContactImport.Result result = imports.get().run(job.orgId, reader, BATCH, report, job.rows::set);
            job.report = errors.toString(StandardCharsets.UTF_8).lines().toList();
            job.result = result;
        } catch (InvalidInputException e) {
            // The import's own sentence, with the line (ContactImport).
            job.report = errors.toString(StandardCharsets.UTF_8).lines().toList();
            job.failure = e.getMessage();
        } catch (IOException | RuntimeException e) {
            // Anything else is ours, not the file's: logged, and not shown (its message can name classes or SQL).
            LOG.log(Level.WARNING, "dashboard import " + job.id + " failed", e);
            job.report = errors.toString(StandardCharsets.UTF_8).lines().toList();
            job.failure = "the import stopped after an unexpected error; the rows before it may have been imported";
        }
    }

    /** {@code curl -b jar localhost:8080/contacts/import/$JOB}: the page polls this while the job runs. */
    private void progress(ServerRequest req, ServerResponse res) {
        Job job = jobs.getIfPresent(req.path().pathParameters().get("job"));
        if (job == null || !job.orgId.equals(Chrome.orgId(req))) {
            throw new NotFoundException("Import not found");
        }
        Html.send(res, "import.jte", Html.params("page", Chrome.of(req, "Import contacts", "Contacts"), "job", job));
    }
}
