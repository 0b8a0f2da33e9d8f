package io.trustee.kbs.client;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Runs one {@code kbs-client load} workload and measures it.
 *
 * <ul>
 *   <li><b>Closed loop</b> ({@code --concurrency N}): N guest threads, each starting its next
 *       operation as soon as the previous one ended; latency from the actual start.
 *   <li><b>Open loop</b> ({@code --rate R}): a scheduler thread enqueues arrivals at the intended
 *       times of {@link LoadArrivals}; at most {@code --max-in-flight} guest threads take them.
 *       Latency runs from the intended start, so queueing behind a busy guest is counted.
 * </ul>
 *
 * <p>Operations that start during the warm-up are carried out but not counted. The measured window
 * opens when the warm-up ends (CPU counters are read there) and closes when the last operation
 * started within {@code --duration} has finished (read again), or at the end of {@code --duration}
 * if none is running; a warm-up operation still running then does not stretch it. Latencies are
 * recorded in microseconds into HdrHistogram {@link Recorder}s; the calling thread drains them once
 * per second for the progress line on stderr. One instance per run.
 *
 * <p>A little under 400 lines: both loops, the warm-up/window bookkeeping and the CPU readings
 * share the run's counters, and reading them in one class is the easiest way to check that every
 * figure covers the same window.
 */
final class LoadRunner {
  /** What one counted operation is. */
  enum Op {
    HANDSHAKE,
    FETCH
  }

  /** The workload's shape (from the command's options). */
  record Settings(
      Op op,
      int concurrency,
      double rate,
      int maxInFlight,
      Duration duration,
      Duration warmup,
      int fetches,
      String workload) {
    Settings {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(duration, "duration");
      Objects.requireNonNull(warmup, "warmup");
    }

    boolean openLoop() {
      return rate > 0;
    }

    int threads() {
      return openLoop() ? maxInFlight : concurrency;
    }
  }

  private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
  private static final long POISON = Long.MIN_VALUE;

  private final LoadGuest.Plan plan;
  private final Settings settings;
  private final LoadProc server;
  private final PrintWriter progress;

  private final Recorder primaryRec = new Recorder(HIGHEST_MICROS, 3);
  private final Recorder extraRec = new Recorder(HIGHEST_MICROS, 3);
  private final Histogram primaryTotal = new Histogram(HIGHEST_MICROS, 3);
  private final Histogram extraTotal = new Histogram(HIGHEST_MICROS, 3);
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final LongAdder warmupOps = new LongAdder();
  private final LongAdder warmupErrors = new LongAdder();
  private final LongAdder reconnects = new LongAdder();
  private final LongAdder guestCpuNanos = new LongAdder();
  private static final java.lang.management.ThreadMXBean THREADS =
      ManagementFactory.getThreadMXBean();
  private final AtomicBoolean firstErrorShown = new AtomicBoolean();

  /** Operations that are or may be counted and have not finished (see {@link #windowClosable}). */
  private final java.util.concurrent.atomic.AtomicInteger countedPending =
      new java.util.concurrent.atomic.AtomicInteger();

  private volatile boolean schedulerDone;
  private volatile long warmupEnd;
  private volatile long windowEnd;

  LoadRunner(LoadGuest.Plan plan, Settings settings, LoadProc server, PrintWriter progress) {
    this.plan = Objects.requireNonNull(plan, "plan");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.server = server;
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  LoadReport run() throws InterruptedException {
    int threads = settings.threads();
    List<LoadGuest> guests = new ArrayList<>(threads);
    for (int i = 0; i < threads; i++) {
      guests.add(new LoadGuest(plan));
    }
    if (settings.op() == Op.FETCH) {
      // Each guest's handshake happens before the clock starts; a failure here is retried (and
      // then counted) by the guest's first operation.
      guests.parallelStream().forEach(this::prepare);
    }
    long start = System.nanoTime();
    warmupEnd = start + settings.warmup().toNanos();
    windowEnd = warmupEnd + settings.duration().toNanos();
    BlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();
    CountDownLatch done = new CountDownLatch(threads);
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      LoadGuest guest = guests.get(i);
      Runnable body =
          settings.openLoop() ? () -> openWorker(guest, arrivals) : () -> closedWorker(guest);
      Thread t =
          new Thread(
              () -> {
                try {
                  body.run();
                } finally {
                  reconnects.add(guest.reconnects());
                  guest.close();
                  done.countDown();
                }
              },
              "load-guest-" + i);
      t.setDaemon(true);
      workers.add(t);
    }
    Thread scheduler = null;
    if (settings.openLoop()) {
      LoadArrivals schedule = new LoadArrivals(start, settings.rate());
      scheduler = new Thread(() -> schedule(schedule, arrivals, threads), "load-scheduler");
      scheduler.setDaemon(true);
    }
    Window window = new Window();
    if (settings.warmup().isZero()) {
      window.open(start);
    }
    workers.forEach(Thread::start);
    if (scheduler != null) {
      scheduler.start();
    }
    long nextTick = start + TimeUnit.SECONDS.toNanos(1);
    long lastCount = 0;
    while (true) {
      long now = System.nanoTime();
      long wakeAt = nextTick;
      if (!window.opened) {
        wakeAt = Math.min(wakeAt, warmupEnd);
      } else if (now < windowEnd) {
        wakeAt = Math.min(wakeAt, windowEnd);
      } else {
        wakeAt = Math.min(wakeAt, now + TimeUnit.MILLISECONDS.toNanos(10));
      }
      if (done.await(Math.max(0, wakeAt - now), TimeUnit.NANOSECONDS)) {
        break;
      }
      now = System.nanoTime();
      if (window.opened && windowClosable(now)) {
        // every counted operation has finished; warm-up operations that are still running
        // (a very slow start) do not stretch the window
        break;
      }
      if (!window.opened && now >= warmupEnd) {
        drain();
        window.open(now);
      }
      if (now >= nextTick) {
        drain();
        window.sampleRss();
        long count = primaryTotal.getTotalCount();
        printProgress(now - start, count, count - lastCount, arrivals.size());
        lastCount = count;
        nextTick += TimeUnit.SECONDS.toNanos(1);
      }
    }
    long end = System.nanoTime();
    if (!window.opened) {
      window.open(end);
    }
    drain();
    LoadReport report = window.close(end);
    if (done.getCount() > 0) {
      progress.println(
          "note: "
              + done.getCount()
              + " guests were still in a warm-up operation when the measurement ended");
    }
    if (report.primary().count() == 0 && report.errorCount() == 0) {
      progress.println(
          "note: no operation was counted: every guest was still busy with the warm-up's"
              + " operations; use a longer --warmup or --duration");
    }
    progress.flush();
    return report;
  }

  /**
   * The measured window can close: its time is over, no counted operation is running or queued, and
   * (open loop) the scheduler has enqueued its last arrival.
   */
  private boolean windowClosable(long now) {
    return now >= windowEnd && countedPending.get() == 0 && (!settings.openLoop() || schedulerDone);
  }

  private void prepare(LoadGuest guest) {
    try {
      guest.attest();
    } catch (LoadFailure e) {
      guest.close();
    }
  }

  private void closedWorker(LoadGuest guest) {
    while (true) {
      // announced before the clock is read, so that the window never closes between the two
      countedPending.incrementAndGet();
      long intended = System.nanoTime();
      if (intended >= windowEnd) {
        countedPending.decrementAndGet();
        return;
      }
      if (intended < warmupEnd) {
        countedPending.decrementAndGet();
        operate(guest, intended);
      } else {
        try {
          operate(guest, intended);
        } finally {
          countedPending.decrementAndGet();
        }
      }
    }
  }

  private void openWorker(LoadGuest guest, BlockingQueue<Long> arrivals) {
    while (true) {
      long intended;
      try {
        intended = arrivals.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (intended == POISON) {
        return;
      }
      try {
        operate(guest, intended);
      } finally {
        if (intended >= warmupEnd) {
          countedPending.decrementAndGet();
        }
      }
    }
  }

  private void schedule(LoadArrivals schedule, BlockingQueue<Long> arrivals, int consumers) {
    for (long i = 0; ; i++) {
      long at = schedule.intendedStart(i);
      if (at >= windowEnd) {
        break;
      }
      long wait;
      while ((wait = at - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      if (at >= warmupEnd) {
        countedPending.incrementAndGet();
      }
      arrivals.add(at);
    }
    schedulerDone = true;
    for (int i = 0; i < consumers; i++) {
      arrivals.add(POISON);
    }
  }

  /** One operation starting (intended) at {@code intended}; counted if after the warm-up. */
  private void operate(LoadGuest guest, long intended) {
    boolean counted = intended >= warmupEnd;
    long cpuBefore = counted ? THREADS.getCurrentThreadCpuTime() : 0;
    try {
      operateTimed(guest, intended, counted);
    } finally {
      if (counted) {
        guestCpuNanos.add(THREADS.getCurrentThreadCpuTime() - cpuBefore);
      }
    }
  }

  private void operateTimed(LoadGuest guest, long intended, boolean counted) {
    try {
      if (settings.op() == Op.HANDSHAKE) {
        try {
          guest.attest();
          guest.fetch();
          record(primaryRec, counted, intended);
          for (int k = 0; k < settings.fetches(); k++) {
            long s = System.nanoTime();
            guest.fetch();
            record(extraRec, counted, s);
          }
        } finally {
          guest.close();
        }
      } else {
        if (!guest.hasSession()) {
          guest.attest();
        }
        guest.fetch();
        record(primaryRec, counted, intended);
      }
    } catch (LoadFailure f) {
      if (settings.op() == Op.FETCH) {
        guest.close(); // the next operation starts with a new handshake
      }
      if (counted) {
        errors.computeIfAbsent(f.type(), k -> new LongAdder()).increment();
      } else {
        warmupErrors.increment();
      }
      if (firstErrorShown.compareAndSet(false, true)) {
        progress.println("first error: " + f.getMessage());
        progress.flush();
      }
    } catch (RuntimeException e) {
      // a bug or an unexpected answer shape: counted like any failure, the guest starts over
      guest.close();
      LoadFailure f = LoadFailure.of("client", e);
      if (counted) {
        errors.computeIfAbsent(f.type(), k -> new LongAdder()).increment();
      } else {
        warmupErrors.increment();
      }
    }
  }

  private void record(Recorder rec, boolean counted, long from) {
    long micros = Math.max(0, (System.nanoTime() - from) / 1000);
    if (counted) {
      rec.recordValue(Math.min(micros, HIGHEST_MICROS));
    } else if (rec == primaryRec) {
      warmupOps.increment();
    }
  }

  private synchronized void drain() {
    primaryTotal.add(primaryRec.getIntervalHistogram());
    extraTotal.add(extraRec.getIntervalHistogram());
  }

  private void printProgress(long elapsed, long count, long lastSecond, int backlog) {
    boolean warming = System.nanoTime() < warmupEnd;
    long errs = errors.values().stream().mapToLong(LongAdder::sum).sum();
    String p99 =
        count == 0
            ? "n/a"
            : String.format(Locale.ROOT, "%.1f ms", primaryTotal.getValueAtPercentile(99) / 1000.0);
    progress.printf(
        Locale.ROOT,
        "[%4ds] %s ops %d (%d/s) errors %d p99 %s%s%n",
        TimeUnit.NANOSECONDS.toSeconds(elapsed),
        warming ? "warm-up" : "measure",
        warming ? warmupOps.sum() : count,
        warming ? warmupOps.sum() : lastSecond,
        warming ? warmupErrors.sum() : errs,
        p99,
        settings.openLoop() ? " backlog " + backlog : "");
    progress.flush();
  }

  /** CPU and memory readings over the measured window. */
  private final class Window {
    boolean opened;
    long openedAt;
    long clientCpuAtOpen;
    OptionalLong serverCpuAtOpen = OptionalLong.empty();
    long peakRss = -1;

    void open(long now) {
      opened = true;
      openedAt = now;
      clientCpuAtOpen = processCpuNanos();
      if (server != null) {
        serverCpuAtOpen = server.cpuNanos();
      }
      sampleRss();
    }

    void sampleRss() {
      if (server != null && opened) {
        server.rssBytes().ifPresent(r -> peakRss = Math.max(peakRss, r));
      }
    }

    LoadReport close(long end) {
      sampleRss();
      long clientCpu = processCpuNanos() - clientCpuAtOpen;
      Double serverCpuMs = null;
      if (server != null && serverCpuAtOpen.isPresent()) {
        OptionalLong now = server.cpuNanos();
        if (now.isPresent()) {
          serverCpuMs = (now.getAsLong() - serverCpuAtOpen.getAsLong()) / 1e6;
        }
      }
      double seconds = (end - openedAt) / 1e9;
      String name = settings.op() == Op.HANDSHAKE ? "handshake" : "fetch";
      LoadReport.Ops primary = LoadReport.Ops.of(name, primaryTotal, seconds);
      LoadReport.Ops extra =
          settings.op() == Op.HANDSHAKE && settings.fetches() > 0
              ? LoadReport.Ops.of("fetch+", extraTotal, seconds)
              : null;
      Map<String, Long> errs = new TreeMap<>();
      errors.forEach((k, v) -> errs.put(k, v.sum()));
      long ops = primary.count();
      return new LoadReport(
          name,
          settings.workload(),
          seconds,
          primary,
          extra,
          errs,
          reconnects.sum(),
          serverCpuMs == null || ops == 0 ? null : serverCpuMs / ops,
          clientCpu < 0 || ops == 0 ? null : clientCpu / 1e6 / ops,
          ops == 0 ? null : guestCpuNanos.sum() / 1e6 / ops,
          peakRss < 0 ? null : peakRss / (1024.0 * 1024.0));
    }
  }

  /** This JVM's CPU time (all threads), or -1 where the platform does not report it. */
  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
