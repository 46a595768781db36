package io.telemetrypoller.measurement.processinfo;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import org.jboss.threads.EnhancedQueueExecutor;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real Netty 4.2 and JBoss Threads 3.7: their pools read as the agent reads them. */
class ServerPoolTest {
    @Test
    void aNettyGroupsBacklogIsItsLoopsPendingTasks() throws Exception {
        EventExecutorGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        CountDownLatch release = new CountDownLatch(1);
        try {
            ServerPool pool = ServerPool.of(group);
            assertNotNull(pool);
            assertTrue(pool.live(group));
            assertEquals(0, pool.queued(group));
            assertNull(pool.threadName(group), "no loop has started a thread");
            Iterator<EventExecutor> loops = group.iterator();
            EventExecutor first = loops.next();
            EventExecutor second = loops.next();
            CountDownLatch blocked = new CountDownLatch(2);
            for (EventExecutor loop : new EventExecutor[] {first, second}) {
                loop.execute(() -> {
                    blocked.countDown();
                    await(release);
                });
            }
            assertTrue(blocked.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 5; i++) {
                first.execute(() -> { });
            }
            second.execute(() -> { });
            second.execute(() -> { });

            assertEquals(7, pool.queued(group));
            assertEquals(5, pool.queuedMax(group));
            assertEquals(-2, pool.active(group), "a loop has no active count");
            assertEquals(2, pool.poolSize(group));
            String thread = pool.threadName(group);
            assertTrue(thread.startsWith("multiThreadIoEventLoopGroup-"), thread);
            assertEquals(thread.substring(0, thread.lastIndexOf('-')), ExecutorMeasurement.stripWorkerSuffix(thread));
        } finally {
            release.countDown();
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        }
        assertFalse(ServerPool.of(group).live(group), "a terminated group is not live");
    }

    @Test
    void aLoopWhosePendingTasksIsNotNettysOwnIsNotRead() throws Exception {
        EventExecutorGroup group = new DefaultEventExecutorGroup(1) {
            @Override
            protected EventExecutor newChild(Executor executor, Object... args) {
                return new WaitingLoop(this, executor);
            }
        };
        try {
            ServerPool pool = ServerPool.of(group);
            assertEquals(-1, pool.queued(group), "the override could wait for the loop: not called");
            assertEquals(1, pool.poolSize(group));
        } finally {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void aJBossThreadsPoolsBacklogIsItsQueueAndItHasNoActiveCountUnlessKept() throws Exception {
        EnhancedQueueExecutor pool = new EnhancedQueueExecutor.Builder().setCorePoolSize(1).setMaximumPoolSize(1)
                .setThreadFactory(r -> new Thread(r, "XNIO-7 task-1")).build();
        CountDownLatch release = new CountDownLatch(1);
        try {
            ServerPool reader = ServerPool.of(pool);
            assertTrue(reader.live(pool));
            CountDownLatch blocked = new CountDownLatch(1);
            pool.execute(() -> {
                blocked.countDown();
                await(release);
            });
            assertTrue(blocked.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 3; i++) {
                pool.execute(() -> { });
            }
            assertEquals(3, reader.queued(pool));
            assertEquals(-2, reader.active(pool), "not kept without jboss.threads.eqe.statistics.active-count");
            assertEquals(1, reader.poolSize(pool));
            assertEquals("XNIO-7 task-1", reader.threadName(pool));
            assertEquals("XNIO-7 task", ExecutorMeasurement.stripWorkerSuffix(reader.threadName(pool)));
        } finally {
            release.countDown();
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
        assertFalse(ServerPool.of(pool).live(pool));
    }

    @Test
    void aJBossThreadsPoolWithoutAQueueSizeIsNotRead() {
        EnhancedQueueExecutor pool = new EnhancedQueueExecutor.Builder().setQueueLimited(false).build();
        try {
            assertEquals(-1, ServerPool.of(pool).queued(pool));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anObjectThatIsNoServerPoolHasNoReader() {
        assertNull(ServerPool.of(new Object()));
    }

    /** As Netty 4.1.28's NioEventLoop: pendingTasks() asks the loop itself. */
    static final class WaitingLoop extends SingleThreadEventExecutor {
        WaitingLoop(EventExecutorGroup parent, Executor executor) {
            super(parent, executor, true);
        }

        @Override
        protected void run() {
            while (!confirmShutdown()) {
                Runnable task = takeTask();
                if (task != null) {
                    task.run();
                }
            }
        }

        @Override
        public int pendingTasks() {
            throw new AssertionError("must not be called from a poller");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
