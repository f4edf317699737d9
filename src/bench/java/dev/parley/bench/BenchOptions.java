package dev.parley.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What one benchmark run does, parsed from {@code key=value} arguments
 * (docs/performance.md lists them): which targets and scenarios, how many sessions, how
 * long each phase lasts, which rates to try, and how the Parley JVMs are started. An
 * option not given keeps its default; an unknown key or a malformed value is refused with
 * a message naming the valid ones.
 *
 * @param targets {@code embedded}, {@code relay}, {@code bridge} (two Parley nodes in
 * bridge mode on one RabbitMQ and PostgreSQL, each session on one of them in turn),
 * {@code webstomp} and/or {@code socketio} (a Socket.IO 4 server on Node.js); default
 * {@code embedded,relay,webstomp}
 * @param scenarios {@code idle}, {@code fanout}, {@code bigroom} and/or {@code storm};
 * default all four
 * @param sessions sessions for idle, fan-out and the storm; default 10,000
 * @param relaySessions the same in relay mode, which holds two sockets per session (a
 * process here may have 20,000 files open); default 6,000
 * @param roomSize members per conversation in fan-out; default 10
 * @param bigRoom members of the big room; default 2,000
 * @param idleSeconds how long the idle scenario holds; default 60
 * @param stepSeconds length of each measured rate step; default 10
 * @param rates delivered messages per second to try in fan-out, rising until a step
 * breaks the limits; default 5,000 to 80,000
 * @param bigRoomRates the same for the big room; default 10,000 to 80,000
 * @param warmupSeconds load at the first rate before the first step; default 60
 * @param stepWarmupSeconds load at each step's rate before it is measured; default 10
 * @param keepGoing whether to try every rate even past the limits (for profiling);
 * default false
 * @param connectConcurrency connects in flight at once; default 500
 * @param clientMessageIds whether every SEND to Parley carries a {@code clientMessageId},
 * as the sample app's outbox does; default true
 * @param deflate whether every WebSocket offers {@code permessage-deflate} with
 * {@code client_max_window_bits}, as every browser does (the server decides whether to
 * accept); default true
 * @param serverHeap the Parley JVM's maximum heap; default {@code 2g}
 * @param serverJvm more JVM options for Parley, separated by {@code ;} (G1 unless they
 * name another collector); default none
 * @param serverJava the {@code java} binary for Parley; default empty: the generator's
 * own
 * @param serverArgs more Parley arguments, separated by {@code ;}; default none
 * @param bigRoomOnItsOwnTarget whether the big room gets a target started afresh for it
 * rather than the one the rooms ran on; default true
 * @param out the folder for the JSON result and the HTML page; default
 * {@code target/bench}
 * @param serverJar the application jar Parley runs from ({@code java -jar}, e.g. the
 * extracted jar that an AOT cache was trained on); default empty: the build's class path
 */
public record BenchOptions(List<String> targets, List<String> scenarios, int sessions, int relaySessions, int roomSize,
		int bigRoom, int idleSeconds, int stepSeconds, List<Integer> rates, List<Integer> bigRoomRates,
		int warmupSeconds, int stepWarmupSeconds, boolean keepGoing, int connectConcurrency, boolean clientMessageIds,
		boolean deflate, String serverHeap, List<String> serverJvm, String serverJava, List<String> serverArgs,
		boolean bigRoomOnItsOwnTarget, Path out, String serverJar) {

	static final Set<String> TARGETS = Set.of("embedded", "relay", "bridge", "webstomp", "socketio");

	static final Set<String> SCENARIOS = Set.of("idle", "fanout", "bigroom", "storm");

	/** Every option with its default, in the order the documentation lists them. */
	private static final Map<String, String> DEFAULTS = defaults();

	public BenchOptions {
		targets = List.copyOf(targets);
		scenarios = List.copyOf(scenarios);
		rates = List.copyOf(rates);
		bigRoomRates = List.copyOf(bigRoomRates);
		serverJvm = List.copyOf(serverJvm);
		serverArgs = List.copyOf(serverArgs);
	}

	private static Map<String, String> defaults() {
		Map<String, String> defaults = new LinkedHashMap<>();
		defaults.put("targets", "embedded,relay,webstomp");
		defaults.put("scenarios", "idle,fanout,bigroom,storm");
		defaults.put("sessions", "10000");
		defaults.put("relay-sessions", "6000");
		defaults.put("room-size", "10");
		defaults.put("big-room", "2000");
		defaults.put("idle-seconds", "60");
		defaults.put("step-seconds", "10");
		defaults.put("rates", "5000,10000,20000,30000,40000,50000,60000,80000");
		defaults.put("big-room-rates", "10000,20000,40000,60000,80000");
		defaults.put("warmup-seconds", "60");
		defaults.put("step-warmup-seconds", "10");
		defaults.put("keep-going", "false");
		defaults.put("connect-concurrency", "500");
		defaults.put("client-message-ids", "true");
		defaults.put("deflate", "true");
		defaults.put("server-heap", "2g");
		defaults.put("server-jvm", "");
		defaults.put("server-java", "");
		defaults.put("server-args", "");
		defaults.put("big-room-on-its-own-target", "true");
		defaults.put("out", "target/bench");
		defaults.put("server-jar", "");
		return defaults;
	}

	/**
	 * Options from {@code key=value} arguments; each argument may hold several, separated
	 * by white space.
	 * @throws IllegalArgumentException for an unknown key, a missing {@code =} or a value
	 * that does not fit its key
	 */
	public static BenchOptions parse(String... args) {
		Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
		for (String arg : String.join(" ", args).trim().split("\\s+")) {
			if (arg.isEmpty()) {
				continue;
			}
			int equals = arg.indexOf('=');
			String key = (equals > 0) ? arg.substring(0, equals) : arg;
			if (!DEFAULTS.containsKey(key)) {
				throw new IllegalArgumentException(
						"unknown option '" + key + "'; the options are " + String.join(", ", DEFAULTS.keySet()));
			}
			if (equals < 0) {
				throw new IllegalArgumentException("'" + arg + "' has no value: write " + key + "=...");
			}
			values.put(key, arg.substring(equals + 1));
		}
		return new BenchOptions(names(values, "targets", TARGETS), names(values, "scenarios", SCENARIOS),
				positive(values, "sessions"), positive(values, "relay-sessions"), positive(values, "room-size"),
				positive(values, "big-room"), atLeastZero(values, "idle-seconds"), positive(values, "step-seconds"),
				rates(values, "rates"), rates(values, "big-room-rates"), atLeastZero(values, "warmup-seconds"),
				atLeastZero(values, "step-warmup-seconds"), flag(values, "keep-going"),
				positive(values, "connect-concurrency"), flag(values, "client-message-ids"), flag(values, "deflate"),
				text(values, "server-heap"), separated(values, "server-jvm"), values.get("server-java"),
				separated(values, "server-args"), flag(values, "big-room-on-its-own-target"),
				Path.of(text(values, "out")), values.get("server-jar").trim());
	}

	/**
	 * Every option as an argument would give it, defaults included: what the report
	 * records, so that a run can be repeated exactly.
	 */
	public Map<String, String> asArguments() {
		Map<String, String> arguments = new LinkedHashMap<>();
		arguments.put("targets", String.join(",", this.targets));
		arguments.put("scenarios", String.join(",", this.scenarios));
		arguments.put("sessions", String.valueOf(this.sessions));
		arguments.put("relay-sessions", String.valueOf(this.relaySessions));
		arguments.put("room-size", String.valueOf(this.roomSize));
		arguments.put("big-room", String.valueOf(this.bigRoom));
		arguments.put("idle-seconds", String.valueOf(this.idleSeconds));
		arguments.put("step-seconds", String.valueOf(this.stepSeconds));
		arguments.put("rates", join(this.rates));
		arguments.put("big-room-rates", join(this.bigRoomRates));
		arguments.put("warmup-seconds", String.valueOf(this.warmupSeconds));
		arguments.put("step-warmup-seconds", String.valueOf(this.stepWarmupSeconds));
		arguments.put("keep-going", String.valueOf(this.keepGoing));
		arguments.put("connect-concurrency", String.valueOf(this.connectConcurrency));
		arguments.put("client-message-ids", String.valueOf(this.clientMessageIds));
		arguments.put("deflate", String.valueOf(this.deflate));
		arguments.put("server-heap", this.serverHeap);
		arguments.put("server-jvm", String.join(";", this.serverJvm));
		arguments.put("server-java", this.serverJava);
		arguments.put("server-args", String.join(";", this.serverArgs));
		arguments.put("big-room-on-its-own-target", String.valueOf(this.bigRoomOnItsOwnTarget));
		arguments.put("out", this.out.toString());
		arguments.put("server-jar", this.serverJar);
		return arguments;
	}

	/**
	 * Whether any of the scenarios that run on rooms of {@link #roomSize} members is
	 * asked for.
	 */
	boolean anyRoomScenario() {
		return this.scenarios.contains("idle") || this.scenarios.contains("fanout") || this.scenarios.contains("storm");
	}

	private static String join(List<Integer> numbers) {
		return numbers.stream().map(String::valueOf).collect(Collectors.joining(","));
	}

	private static List<String> names(Map<String, String> values, String key, Set<String> valid) {
		List<String> names = list(values, key, Function.identity());
		for (String name : names) {
			if (!valid.contains(name)) {
				throw new IllegalArgumentException(key + ": unknown '" + name + "'; valid are "
						+ String.join(", ", valid.stream().sorted().toList()));
			}
		}
		return names;
	}

	private static List<Integer> rates(Map<String, String> values, String key) {
		List<Integer> rates = list(values, key, value -> number(key, value));
		if (rates.stream().anyMatch(rate -> rate <= 0)) {
			throw new IllegalArgumentException(key + ": rates must be positive, got " + values.get(key));
		}
		return rates;
	}

	private static <T> List<T> list(Map<String, String> values, String key, Function<String, T> element) {
		String value = values.get(key).trim();
		if (value.isEmpty()) {
			throw new IllegalArgumentException(key + ": needs at least one value");
		}
		return Arrays.stream(value.split(",")).map(String::trim).map(element).toList();
	}

	private static int positive(Map<String, String> values, String key) {
		int number = number(key, values.get(key));
		if (number <= 0) {
			throw new IllegalArgumentException(key + ": must be positive, got " + number);
		}
		return number;
	}

	private static int atLeastZero(Map<String, String> values, String key) {
		int number = number(key, values.get(key));
		if (number < 0) {
			throw new IllegalArgumentException(key + ": must not be negative, got " + number);
		}
		return number;
	}

	private static int number(String key, String value) {
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(key + ": not a whole number: '" + value + "'");
		}
	}

	private static boolean flag(Map<String, String> values, String key) {
		return switch (values.get(key).trim()) {
			case "true" -> true;
			case "false" -> false;
			default -> throw new IllegalArgumentException(key + ": true or false, got '" + values.get(key) + "'");
		};
	}

	private static String text(Map<String, String> values, String key) {
		String value = values.get(key).trim();
		if (value.isEmpty()) {
			throw new IllegalArgumentException(key + ": needs a value");
		}
		return value;
	}

	/**
	 * Values separated by {@code ;} (or white space, which the arguments cannot hold
	 * anyway).
	 */
	private static List<String> separated(Map<String, String> values, String key) {
		String value = values.get(key).trim();
		return value.isEmpty() ? List.of() : List.of(value.split("[;\\s]+"));
	}

}
