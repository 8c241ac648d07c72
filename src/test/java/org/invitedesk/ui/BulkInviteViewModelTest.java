package org.invitedesk.ui;

import org.invitedesk.data.Database;
import org.invitedesk.domain.CountGroup;
import org.invitedesk.domain.InviteFilter;
import org.invitedesk.domain.SendSummary;
import org.invitedesk.mail.MailSettings;
import org.invitedesk.support.Fixture;
import org.invitedesk.support.Services;
import org.invitedesk.support.TestPostgres;
import org.invitedesk.template.RenderedMessage;
import org.invitedesk.ui.common.UiExecutor;
import org.invitedesk.ui.common.WindowService;
import org.invitedesk.ui.invite.BulkInviteViewModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The view model in plain JUnit (no toolkit), with a same-thread executor, on the real database. */
class BulkInviteViewModelTest {
    static Database db;
    static Services s;

    @BeforeAll
    static void setUp() {
        db = TestPostgres.freshDatabase();
        Fixture.load(db);
        s = new Services(db, MailSettings.plain("127.0.0.1", 1));
    }

    @AfterAll
    static void tearDown() { db.close(); }

    static class Windows implements WindowService {
        @Override public void openTemplates(Runnable onSaved, String t, String d) { }
        final List<String> opened = new ArrayList<>();
        final List<String> titles = new ArrayList<>();
        public void openDetails(InviteFilter f, CountGroup g, Long b, String t) { opened.add(g + " " + f.division()); titles.add(t); }
        public boolean confirm(String t, String m, String a) { opened.add("confirm " + m); return false; }
        public void showPreview(org.invitedesk.ui.preview.MessagePreview p) { }
        public void showSummary(SendSummary x) { }
        public void showError(String m) { opened.add("error " + m); }
        final java.util.Deque<String> answers = new java.util.ArrayDeque<>();
        final List<String> offered = new ArrayList<>();
        public String ask(String t, String p, String i) { offered.add(i); return answers.poll(); }
        public void showInformation(String id, String t, String h, String x) { }
        public void openBatches(java.util.function.LongConsumer r) { }
        public Unsaved askUnsaved(String m, String whyNot) { return Unsaved.CANCEL; }
    }

    static void chooseD1AndTheFirstTemplate(BulkInviteViewModel vm) {
        vm.division().set(vm.divisions().stream().filter(d -> d.code().equals("D1")).findFirst().orElseThrow());
        vm.template().set(vm.templates().get(0));
    }

    BulkInviteViewModel vm(String login, UiExecutor ex, Windows w) {
        BulkInviteViewModel vm = new BulkInviteViewModel(s.invites, s.get(org.invitedesk.ui.invite.SendRun.Services.class), s.permissions, ex, w, new org.invitedesk.domain.Login(login));
        vm.load();
        return vm;
    }

    @Test
    void divisionChangeFillsEmailFromAndResetsLookups() {
        BulkInviteViewModel vm = vm("demo", UiExecutor.sameThread(), new Windows());
        vm.division().set(vm.divisions().stream().filter(d -> d.code().equals("D1")).findFirst().orElseThrow());
        vm.lookup(org.invitedesk.domain.LookupKind.ACCOUNT_CLASS).set(vm.lookups(org.invitedesk.domain.LookupKind.ACCOUNT_CLASS).get(1));
        vm.emailFrom().set("someone@else.example");
        vm.division().set(vm.divisions().stream().filter(d -> d.code().equals("D2")).findFirst().orElseThrow());
        assertThat(vm.emailFrom().get()).isEqualTo("two@division.example");
        assertThat(vm.lookup(org.invitedesk.domain.LookupKind.ACCOUNT_CLASS).get()).isEqualTo(BulkInviteViewModel.ALL);
        assertThat(vm.counts().get().contacts()).isEqualTo(2);
    }

    @Test
    void invalidFromDisablesSendAndValidFromEnablesIt() {
        BulkInviteViewModel vm = vm("demo", UiExecutor.sameThread(), new Windows());
        vm.division().set(vm.divisions().get(0));
        vm.template().set(vm.templates().get(0));
        assertThat(vm.canSend().get()).isTrue();
        for (String bad : List.of("", "a@b.com, c@d.com", "x@y.com\r\nBcc: z@w.com", "Evil <x@y.com>", "no-at-sign", "a@b")) {
            vm.emailFrom().set(bad);
            assertThat(vm.canSend().get()).as(bad).isFalse();
            assertThat(vm.emailFromError().get()).as(bad).isNotEmpty();
        }
        vm.emailFrom().set("ok@division.example");
        assertThat(vm.canSend().get()).isTrue();
    }

    @Test
    void permissionGatesSend() {
        BulkInviteViewModel vm = vm("viewer", UiExecutor.sameThread(), new Windows());
        vm.division().set(vm.divisions().get(0));
        vm.template().set(vm.templates().get(0));
        assertThat(vm.counts().get()).isNotNull();
        assertThat(vm.canSend().get()).isFalse();
        assertThat(vm.permissionMessage().get()).contains("390");
    }

    @Test
    void staleCountResultsAreDropped() {
        List<Runnable> pending = new ArrayList<>();
        UiExecutor deferred = new UiExecutor() {
            public <T> void run(Callable<T> work, Consumer<T> ok, Consumer<Throwable> err) {
                pending.add(() -> {
                    try { ok.accept(work.call()); } catch (Exception e) { err.accept(e); }
                });
            }
            public void post(Runnable r) { r.run(); }
        };
        BulkInviteViewModel vm = new BulkInviteViewModel(s.invites, s.get(org.invitedesk.ui.invite.SendRun.Services.class), s.permissions, deferred, new Windows(), new org.invitedesk.domain.Login("demo"));
        vm.load();
        pending.remove(0).run();
        vm.division().set(vm.divisions().stream().filter(d -> d.code().equals("D1")).findFirst().orElseThrow());
        pending.clear();
        vm.refreshCounts();                 // older request: all of D1 (10 contacts)
        Runnable older = pending.remove(pending.size() - 1);
        vm.flag(org.invitedesk.domain.FilterFlag.BILLING_CONTACTS).set(true);     // newer request: billing contacts only (4)
        Runnable newer = pending.remove(pending.size() - 1);
        newer.run();
        older.run();                        // arrives late: must not overwrite
        assertThat(vm.counts().get().contacts()).isEqualTo(4);
    }

    /** "Never invited only" (the limit box) changes only Will receive, so only its title says it. */
    @Test
    void onlyWillReceivesTitleNamesTheChoiceOfInvitedAddresses() {
        Windows w = new Windows();
        BulkInviteViewModel vm = vm("demo", UiExecutor.sameThread(), w);
        vm.division().set(vm.divisions().stream().filter(d -> d.code().equals("D1")).findFirst().orElseThrow());
        for (CountGroup g : List.of(CountGroup.NOT_INVITED, CountGroup.INVITED_NOT_ACCEPTED, CountGroup.HAS_PORTAL_ACCOUNT,
                CountGroup.NO_VALID_EMAIL, CountGroup.WAITING_IN_BATCH, CountGroup.WILL_RECEIVE)) vm.openDetails(g);
        assertThat(w.titles).hasSize(6);
        assertThat(w.titles.subList(0, 5)).allSatisfy(t -> assertThat(t).startsWith(t.substring(0, t.indexOf(" — ")) + " — Division One (D1)")
                .doesNotContain("never invited").doesNotContain("re-send"));
        assertThat(w.titles.get(5)).isEqualTo("Will receive this invite — Division One (D1, never invited only)");
    }

    /** A test address refused says why once, and the next test offers it again to correct. */
    @Test
    void aRefusedTestAddressIsOfferedAgainToCorrect() {
        Windows w = new Windows();
        BulkInviteViewModel vm = vm("demo", UiExecutor.sameThread(), w);
        chooseD1AndTheFirstTemplate(vm);
        w.answers.add("me at home");
        vm.sendTest();
        assertThat(w.opened).contains("error The test address may not contain spaces.");
        vm.sendTest(); // cancelled (no answer)
        assertThat(w.offered).containsExactly("", "me at home");
    }

    /**
     * "Test invitation sent" says what happened, even where nobody would receive the batch, until
     * the next change; then the status line says what blocks Send again.
     */
    @Test
    void aTestSendsNoticeShowsUntilTheNextChange() throws Exception {
        try (org.invitedesk.mail.SmtpSink sink = new org.invitedesk.mail.SmtpSink(0, null, false)) {
            Services live = new Services(db, MailSettings.plain("127.0.0.1", sink.port()));
            Windows w = new Windows();
            BulkInviteViewModel vm = new BulkInviteViewModel(live.invites, live.get(org.invitedesk.ui.invite.SendRun.Services.class),
                    live.permissions, UiExecutor.sameThread(), w, new org.invitedesk.domain.Login("demo"));
            vm.load();
            vm.division().set(vm.divisions().stream().filter(d -> d.code().equals("D1")).findFirst().orElseThrow());
            vm.template().set(vm.templates().get(0));
            // a bill group nobody is in: Send is blocked, a test may still be sent
            var billGroup = vm.lookup(org.invitedesk.domain.LookupKind.BILL_GROUP);
            billGroup.set(vm.lookups(org.invitedesk.domain.LookupKind.BILL_GROUP).stream().filter(l -> "x%'\"".equals(l.code())).findFirst().orElseThrow());
            assertThat(vm.statusLine().get()).isEqualTo("Nobody to invite with these filters.");
            w.answers.add("tester@mycompany.example");
            vm.sendTest();
            assertThat(w.opened).isEmpty();
            assertThat(vm.statusLine().get()).isEqualTo("Test invitation sent to tester@mycompany.example.");
            billGroup.set(BulkInviteViewModel.ALL);
            assertThat(vm.statusLine().get()).as("the notice went with the change").isEqualTo("Ready: 2 invitations to 2 distinct addresses.");
            w.answers.add("tester@mycompany.example");
            vm.sendTest();
            assertThat(vm.statusLine().get()).isEqualTo("Test invitation sent to tester@mycompany.example.");
            vm.emailFrom().set("not an email");
            assertThat(vm.statusLine().get()).startsWith("Email From is not a valid address");
        }
    }

    @Test
    void sendAsksForConfirmationNamingCountsFromAndTemplate() {
        Windows w = new Windows();
        BulkInviteViewModel vm = vm("demo", UiExecutor.sameThread(), w);
        chooseD1AndTheFirstTemplate(vm);
        vm.send();
        assertThat(w.opened).singleElement().asString()
                .startsWith("confirm Send 2 invitations to 2 distinct addresses from one@division.example using template \"Standard\"?")
                .contains("This window sends: keep it open until it is done, or start a sender service.");
    }

    /** While a large batch is being queued, the progress line says how many and that sending follows. */
    @Test
    void queueingSaysHowManyInvitationsAndThatSendingFollows() {
        List<Runnable> held = new ArrayList<>();
        boolean[] hold = {false};
        UiExecutor ex = new UiExecutor() {
            public <T> void run(Callable<T> work, Consumer<T> ok, Consumer<Throwable> err) {
                Runnable r = () -> UiExecutor.sameThread().run(work, ok, err);
                if (hold[0]) held.add(r); else r.run();
            }
            public void post(Runnable r) { r.run(); }
        };
        Windows yes = new Windows() {
            @Override public boolean confirm(String t, String m, String a) { return true; }
        };
        BulkInviteViewModel vm = vm("demo", ex, yes);
        vm.division().set(vm.divisions().get(0));
        vm.template().set(vm.templates().get(0));
        vm.emailFrom().set("one@division.example");
        long n = vm.counts().get().willReceive();
        assertThat(n).isPositive();
        hold[0] = true;
        vm.send();
        assertThat(held).hasSize(1); // first, in the background: is a sender service alive, how long under the quotas
        held.get(0).run();           // ... then the confirmation (yes), then the queueing starts
        assertThat(vm.progressText().get()).isEqualTo("Queueing " + n + " invitations… (sending starts when they are all queued)");
        assertThat(held).hasSize(2); // the queue and send wait on the worker; nothing was queued here
    }

    /** A resume from the window (the offer at start) sends with smtp.rate, as a send from the window does. */
    @Test
    void resumingFromTheWindowKeepsTheConfiguredRateLimit() throws Exception {
        try (org.invitedesk.mail.SmtpSink sink = new org.invitedesk.mail.SmtpSink(0, null, true);
             Database own = TestPostgres.freshDatabase()) {
            Fixture.load(own);
            Services rated = new Services(own, MailSettings.plain("127.0.0.1", sink.port()).withRate(40));
            SendSummary q = rated.queue.queue(InviteFilter.forDivision("D1"), "Standard", "one@division.example", "demo");
            List<String> texts = new ArrayList<>();
            BulkInviteViewModel vm = new BulkInviteViewModel(rated.invites, rated.get(org.invitedesk.ui.invite.SendRun.Services.class),
                    rated.permissions, UiExecutor.sameThread(), new Windows(), new org.invitedesk.domain.Login("demo"));
            vm.progressText().addListener((o, a, b) -> texts.add(b));
            vm.resume(q.batchId());
            assertThat(sink.received()).hasSize((int) q.queued());
            assertThat(texts).anyMatch(t -> t.contains("(at most 40 a second)"));
        }
    }

    /**
     * With a sender service alive, Send queues and hands the batch over: the window sends
     * nothing, shows the service's progress from the database, and may close; without one, the
     * window sends (above).
     */
    @Test
    void withASenderServiceAliveSendHandsTheBatchOverAndShowsItsProgress() throws Exception {
        try (org.invitedesk.mail.SmtpSink sink = new org.invitedesk.mail.SmtpSink(0, null, true);
             Database own = TestPostgres.freshDatabase()) {
            Fixture.load(own);
            Services live = new Services(own, MailSettings.plain("127.0.0.1", sink.port()));
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            // a sender service as another process would run it; it has not yet taken anything up
            org.invitedesk.service.send.SenderService service = live.get(org.invitedesk.service.send.SenderService.class);
            Thread serve = new Thread(() -> service.serve("demo", live.runner.configuredOptions(), stop, line -> { }));
            Windows yes = new Windows() {
                @Override public SendWhen confirmSend(String t, String m) { opened.add("confirm " + m); return SendWhen.NOW; }
            };
            BulkInviteViewModel vm = new BulkInviteViewModel(live.invites, live.get(org.invitedesk.ui.invite.SendRun.Services.class),
                    live.permissions, UiExecutor.sameThread(), yes, new org.invitedesk.domain.Login("demo"));
            vm.load();
            vm.division().set(vm.divisions().stream().filter(d -> d.code().equals("D1")).findFirst().orElseThrow());
            vm.template().set(vm.templates().get(0));
            // a service seen in the database (a row with a fresh heartbeat; the real one starts after the send is queued)
            TestPostgres.exec(own, "INSERT INTO send_runner (kind, host, pid, login) VALUES ('SERVICE', 'elsewhere', 1, 'demo')");
            vm.send();
            assertThat(yes.opened).anyMatch(m -> m.contains("A sender service is running: it sends the batch, and you may close this window."));
            assertThat(vm.run().handedOff().get()).isTrue();
            assertThat(vm.progressText().get()).contains("queued for the sender service; closing this window stops nothing");
            assertThat(sink.received()).as("the window sent nothing itself").isEmpty();
            serve.start();
            try {
                long end = System.currentTimeMillis() + 60_000;
                while ((vm.sending().get() || sink.received().size() < 2) && System.currentTimeMillis() < end) Thread.sleep(20);
                assertThat(vm.sending().get()).as("the watch ended with the batch").isFalse();
                assertThat(sink.received()).hasSize(2);
                assertThat(vm.lastSummary().get().sent()).isEqualTo(2);
                assertThat(vm.run().handedOff().get()).isFalse();
            } finally {
                stop.set(true);
                serve.join(30_000);
            }
        }
    }

    /** When Send is disabled the status line and the button's tooltip say the first thing missing. */
    @Test
    void theStatusLineSaysTheFirstThingMissingBeforeSendIsPossible() {
        BulkInviteViewModel vm = vm("demo", UiExecutor.sameThread(), new Windows());
        assertThat(vm.statusLine().get()).isEqualTo("Choose an account division to begin.");
        vm.division().set(vm.divisions().stream().filter(d -> d.code().equals("D1")).findFirst().orElseThrow());
        assertThat(vm.statusLine().get()).isEqualTo("Choose a notification template.");
        vm.template().set(vm.templates().get(0));
        vm.emailFrom().set("not an address");
        assertThat(vm.statusLine().get()).startsWith("Email From is not a valid address");
        vm.emailFrom().set("one@division.example");
        assertThat(vm.canSend().get()).isTrue();
        assertThat(vm.sendBlocker().get()).isEmpty();
        assertThat(vm.statusLine().get()).isEqualTo("Ready: 2 invitations to 2 distinct addresses.");
        // a bill group nobody is in
        vm.lookup(org.invitedesk.domain.LookupKind.BILL_GROUP).set(vm.lookups(org.invitedesk.domain.LookupKind.BILL_GROUP).stream()
                .filter(l -> "x%'\"".equals(l.code())).findFirst().orElseThrow());
        assertThat(vm.statusLine().get()).isEqualTo("Nobody to invite with these filters.");
    }

    @Test
    void aViewerIsToldThatSendingNeedsPermission390() {
        BulkInviteViewModel vm = vm("viewer", UiExecutor.sameThread(), new Windows());
        chooseD1AndTheFirstTemplate(vm);
        assertThat(vm.canSend().get()).isFalse();
        assertThat(vm.statusLine().get()).contains("permission 390");
    }

    /** A batch cancelled part-way: the bar shows the real fraction, and Resume is offered in place, which sends the rest. */
    @Test
    void afterACancelTheBarShowsTheRealFractionAndResumeInPlaceSendsTheRest() throws Exception {
        try (org.invitedesk.mail.SmtpSink sink = new org.invitedesk.mail.SmtpSink(0, null, true);
             Database own = TestPostgres.freshDatabase()) {
            Fixture.load(own);
            Services.addBulkContacts(own, 40);
            Services live = new Services(own, MailSettings.plain("127.0.0.1", sink.port()).withRate(100));
            Windows yes = new Windows() {
                @Override public boolean confirm(String t, String m, String a) { return true; }
            };
            BulkInviteViewModel vm = new BulkInviteViewModel(live.invites, live.get(org.invitedesk.ui.invite.SendRun.Services.class),
                    live.permissions, UiExecutor.sameThread(), yes, new org.invitedesk.domain.Login("demo"));
            vm.load();
            vm.division().set(vm.divisions().stream().filter(d -> d.code().equals("D2")).findFirst().orElseThrow());
            vm.template().set(vm.templates().get(0));
            // The server holds the fifth message until the cancel is made: a person cancels
            // part-way however fast the run is (a quick machine sent all 42 before the bar showed one).
            org.invitedesk.support.HeldAfter held = new org.invitedesk.support.HeldAfter(5);
            sink.behaviour(held);
            boolean[] cancelled = {false};
            vm.progressText().addListener((o, a, b) -> {
                if (!cancelled[0] && b.startsWith("Sent ") && !b.startsWith("Sent 0 ")) {
                    cancelled[0] = true;
                    vm.cancelSend();
                    held.release();
                }
            });
            vm.send();
            SendSummary paused = vm.lastSummary().get();
            assertThat(paused.remaining()).isPositive();
            assertThat(vm.progress().get()).isLessThan(1.0).isEqualTo((double) paused.sent() / paused.queued());
            assertThat(vm.run().resumable().get()).isEqualTo(paused.batchId());
            assertThat(vm.counts().get().waitingInBatch()).isEqualTo(paused.remaining());
            vm.resume(vm.run().resumable().get());
            assertThat(sink.received()).hasSize(42);
            assertThat(vm.run().resumable().get()).isZero();
            assertThat(vm.progress().get()).isEqualTo(1.0);
            assertThat(vm.counts().get().waitingInBatch()).isZero();
        }
    }
}
