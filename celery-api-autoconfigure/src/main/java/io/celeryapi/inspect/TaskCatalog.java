package io.celeryapi.inspect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the live workers serve: for each task name, the workers that registered it and the
 * queues those workers consume. Browsable as a tree by name prefix: {@code children("")}
 * gives {@code ["accounts", ...]}, {@code children("accounts")} gives
 * {@code ["find", "get", "open", ...]}.
 *
 * @author celery-api
 * @since 0.1.0
 */
public final class TaskCatalog {

	private final SortedMap<String, Entry> tasks;

	/**
	 * Builds a catalog from what workers reported.
	 * @param registered worker to task names
	 * @param queues worker to queues
	 * @return the catalog
	 */
	public static TaskCatalog of(Map<String, List<String>> registered, Map<String, List<QueueInfo>> queues) {
		SortedMap<String, Entry> tasks = new TreeMap<>();
		registered.forEach((worker, names) -> {
			for (String name : names) {
				Entry entry = tasks.computeIfAbsent(name, (n) -> new Entry(n, new TreeSet<>(), new TreeSet<>()));
				entry.workers().add(worker);
				for (QueueInfo queue : queues.getOrDefault(worker, List.of())) {
					entry.queues().add(queue.name());
				}
			}
		});
		return new TaskCatalog(tasks);
	}

	private TaskCatalog(SortedMap<String, Entry> tasks) {
		this.tasks = tasks;
	}

	/**
	 * All tasks, by name.
	 * @return the entries
	 */
	public Map<String, Entry> getTasks() {
		return Collections.unmodifiableSortedMap(this.tasks);
	}

	/**
	 * One task.
	 * @param name the task name
	 * @return the entry, or {@code null} when no live worker serves it
	 */
	public Entry get(String name) {
		return this.tasks.get(name);
	}

	/**
	 * Whether a live worker serves the task.
	 * @param name the task name
	 * @return {@code true} when served
	 */
	public boolean isServed(String name) {
		return this.tasks.containsKey(name);
	}

	/**
	 * The next name segments below a prefix, as a tree.
	 * @param prefix a dotted prefix such as {@code accounts}, or {@code ""} for the top
	 * @return the child segments, sorted
	 */
	public List<String> children(String prefix) {
		String start = prefix.isEmpty() ? "" : prefix + ".";
		Set<String> children = new TreeSet<>();
		for (String name : this.tasks.keySet()) {
			if (name.startsWith(start) && name.length() > start.length()) {
				String rest = name.substring(start.length());
				int dot = rest.indexOf('.');
				children.add((dot < 0) ? rest : rest.substring(0, dot));
			}
		}
		return new ArrayList<>(children);
	}

	/**
	 * One task of the catalog.
	 *
	 * @param name the task name
	 * @param workers the workers that registered it
	 * @param queues the queues those workers consume
	 */
	public record Entry(String name, Set<String> workers, Set<String> queues) {
	}

}
