package io.celeryapi.core;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A task failed on its worker, in Java or Python. Carries what Celery stored: the remote
 * exception's type and module, its message, the remote traceback, and the task id.
 *
 * @author celery-api
 * @since 0.1.0
 */
public class CeleryRemoteException extends CeleryException {

	private static final long serialVersionUID = 1L;

	private final String taskId;

	private final String excType;

	private final @Nullable String excModule;

	private final List<Object> excArgs;

	private final @Nullable String remoteTraceback;

	private final TaskState state;

	/**
	 * Creates an exception from a stored failure.
	 * @param taskId the failed task's id
	 * @param state the stored state (FAILURE, REVOKED, or RETRY)
	 * @param excType the remote exception type, for example {@code ValueError}
	 * @param excModule the remote exception module, for example {@code builtins}
	 * @param excArgs the exception's arguments ({@code exc_message})
	 * @param remoteTraceback the remote traceback text
	 */
	public CeleryRemoteException(String taskId, TaskState state, String excType, @Nullable String excModule,
			List<Object> excArgs, @Nullable String remoteTraceback) {
		super(excType + ": " + messageOf(excArgs) + " (task " + taskId + ")");
		this.taskId = taskId;
		this.state = state;
		this.excType = excType;
		this.excModule = excModule;
		this.excArgs = List.copyOf(excArgs.stream().map(a -> (Object) String.valueOf(a)).toList());
		this.remoteTraceback = remoteTraceback;
	}

	static String messageOf(List<?> args) {
		if (args.size() == 1) {
			return String.valueOf(args.get(0));
		}
		return args.isEmpty() ? "" : args.toString();
	}

	/**
	 * The failed task's id.
	 * @return the task id
	 */
	public String getTaskId() {
		return this.taskId;
	}

	/**
	 * The stored state.
	 * @return FAILURE, REVOKED or RETRY
	 */
	public TaskState getState() {
		return this.state;
	}

	/**
	 * The remote exception's class name ({@code exc_type}).
	 * @return the remote type, for example {@code ValueError} or {@code IllegalStateException}
	 */
	public String getExcType() {
		return this.excType;
	}

	/**
	 * The remote exception's module ({@code exc_module}).
	 * @return the module, for example {@code builtins} or {@code java.lang}
	 */
	public @Nullable String getExcModule() {
		return this.excModule;
	}

	/**
	 * The remote exception's message: its single argument, or all arguments joined.
	 * @return the remote message
	 */
	public String getRemoteMessage() {
		return messageOf(this.excArgs);
	}

	/**
	 * The remote exception's arguments as text.
	 * @return the arguments
	 */
	public List<Object> getExcArgs() {
		return this.excArgs;
	}

	/**
	 * The traceback the worker stored.
	 * @return the remote traceback, or {@code null}
	 */
	public @Nullable String getRemoteTraceback() {
		return this.remoteTraceback;
	}

}
