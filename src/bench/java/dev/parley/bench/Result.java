package dev.parley.bench;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.jspecify.annotations.Nullable;

/**
 * What one scenario measured against one target, as the report's {@code results} hold it.
 * The JSON names no type: each kind is told apart by the fields only it has, so that the
 * results written before these records read the same. CPU figures are per process of the
 * server, by role ({@code parley}, or {@code parley-1}, {@code parley-2} for the nodes of
 * a cluster; {@code rabbitmq}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
@JsonSubTypes({ @JsonSubTypes.Type(Result.Idle.class), @JsonSubTypes.Type(Result.Fanout.class),
		@JsonSubTypes.Type(Result.BigRoom.class), @JsonSubTypes.Type(Result.Storm.class),
		@JsonSubTypes.Type(Result.Failed.class) })
sealed interface Result {

	/**
	 * The target's name ({@code parley-embedded}, ...; for a failure, the name it was
	 * asked by).
	 */
	String target();

	String scenario();

	/** Rate steps, for the scenarios that have them. */
	default List<Step> steps() {
		return List.of();
	}

	/**
	 * Sessions held for {@code holdSeconds} after all connected and subscribed (taking
	 * {@code connectSeconds}). Heap per session is the live heap's growth from half to
	 * all sessions (of all nodes together on a target of several); heap figures are
	 * missing for a server that is not a JVM. {@code openFiles}: the files each process
	 * had open once all sessions were connected and subscribed, by role (missing in
	 * results written before it, and for a process whose files cannot be read).
	 * {@code deflateSessions}: how many of the sessions still open at the end had
	 * negotiated permessage-deflate (missing in results written before the generator
	 * offered it).
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Idle(String target, String scenario, int sessions, double connectSeconds, double holdSeconds, int stillOpen,
			long closedByServer, @Nullable Long heapBytesPerSession, @Nullable Long liveHeapBytes,
			Map<String, Double> serverCpuCoresWhileIdle, Map<String, Long> memory,
			@Nullable Map<String, Long> openFiles, @Nullable Integer deflateSessions) implements Result {
	}

	/**
	 * Rate steps on {@code rooms} conversations of {@code roomSize} members each, one
	 * publisher per room.
	 */
	record Fanout(String target, String scenario, int sessions, int roomSize, int rooms, List<Step> steps,
			Map<String, Long> memory) implements Result {
	}

	/**
	 * Rate steps in one conversation of {@code sessions} members, ten of them publishing;
	 * {@code deflateSessions} as in {@link Idle}, of all members.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record BigRoom(String target, String scenario, int sessions, double connectSeconds, List<Step> steps,
			@Nullable Integer deflateSessions) implements Result {
	}

	/**
	 * Every session dropped at once, then all reconnecting and subscribing again;
	 * {@code deflateSessions} as in {@link Idle}, of the sessions back.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Storm(String target, String scenario, int sessions, double reconnectedAndSubscribedSeconds, long errors,
			Map<String, Double> serverCpuCores, Map<String, Double> serverCpuMsPerSession, double generatorCpuCores,
			@Nullable Integer deflateSessions) implements Result {
	}

	/**
	 * A scenario that could not run or broke off ({@code rooms} stands for idle, fan-out
	 * and storm).
	 */
	record Failed(String target, String scenario, String failed) implements Result {
	}

	/**
	 * One rate step: latencies (ms, from send to each subscriber; -1 when nothing sent in
	 * the step arrived within it and 5 s) of the messages sent in the measured window,
	 * the worst of each second of sending, and what was offered, sent and delivered. The
	 * first step also says how long the warm-up took to drain.
	 * {@code serverCpuUsPerDelivered}: the server's CPU per delivered message in
	 * microseconds (its processes' CPU cores together over delivered per second), and
	 * {@code serverCpuUsPerDeliveredByProcess} the same by role (both missing in results
	 * written before them, and when nothing was delivered).
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Step(int samples, double p50Ms, double p95Ms, double p99Ms, double maxMs, List<Long> maxMsBySendSecond,
			int targetDeliveredPerSecond, double sentPerSecond, double deliveredPerSecond, double deliveryRatio,
			Map<String, Double> serverCpuCores, @Nullable Double serverCpuUsPerDelivered,
			@Nullable Map<String, Double> serverCpuUsPerDeliveredByProcess, double generatorCpuCores,
			@Nullable Double warmupDrainSeconds, boolean withinTargets) {
	}

}
