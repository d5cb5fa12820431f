package com.coachway.hub.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.Test;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.beans.factory.annotation.Autowired;

import com.coachway.hub.support.HubIntegrationTest;

/**
 * Instances that schedule the same job at the same moment, as every instance of a cluster does for each of the hub's
 * schedules when they start together (a first deployment with two replicas): one stores it, the others find it there.
 * None fails, which would stop that instance's start-up, and none stores it twice, on a database where no instance has
 * taken Quartz's locks before either.
 */
class ClusteredSchedulerTest extends HubIntegrationTest {

    static final int INSTANCES = 6;
    static final int ROUNDS = 10;

    @Autowired
    CamelContext camel;

    @Test
    void jobsScheduledAtOnceAreStoredOnceAndNobodyFails() throws Exception {
        // the scheduler the hub's routes schedule their jobs with
        Scheduler scheduler = camel.getComponent("quartz", QuartzComponent.class).getScheduler();
        // as on a database no instance has locked yet
        jdbc.sql("DELETE FROM qrtz_locks").update();
        ExecutorService instances = Executors.newFixedThreadPool(INSTANCES);
        List<String> outcomes = new ArrayList<>();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String name = "race-" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> tries = new ArrayList<>();
                for (int i = 0; i < INSTANCES; i++) {
                    tries.add(instances.submit(() -> {
                        start.await();
                        return schedule(scheduler, name);
                    }));
                }
                start.countDown();
                for (Future<String> attempt : tries) {
                    outcomes.add(name + ": " + attempt.get());
                }
            }
        } finally {
            instances.shutdownNow();
        }

        assertThat(outcomes).filteredOn(outcome -> outcome.contains("failed")).isEmpty();
        assertThat(outcomes).filteredOn(outcome -> outcome.endsWith("stored")).hasSize(ROUNDS);
        assertThat(outcomes).filteredOn(outcome -> outcome.endsWith("already there"))
                .hasSize(ROUNDS * (INSTANCES - 1));
        assertThat(jdbc.sql("SELECT count(*) FROM qrtz_triggers WHERE trigger_group = 'race'").query(Long.class)
                .single()).isEqualTo(ROUNDS);
        for (int round = 0; round < ROUNDS; round++) {
            scheduler.deleteJob(JobKey.jobKey("race-" + round, "race"));
        }
    }

    /** What camel-quartz does for a schedule that is not stored yet. */
    private static String schedule(Scheduler scheduler, String name) {
        JobDetail job = JobBuilder.newJob(Idle.class).withIdentity(name, "race").build();
        // far enough out never to fire during the test
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(name, "race")
                .startAt(Date.from(Instant.now().plus(Duration.ofDays(1))))
                .withSchedule(SimpleScheduleBuilder.repeatMinutelyForever()).build();
        try {
            scheduler.scheduleJob(job, trigger);
            return "stored";
        } catch (ObjectAlreadyExistsException e) {
            return "already there";
        } catch (Exception e) {
            return "failed: " + e;
        }
    }

    /** A job that does nothing: its trigger never fires in the test. */
    public static class Idle implements Job {
        @Override
        public void execute(JobExecutionContext context) {
        }
    }
}
