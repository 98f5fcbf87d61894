namespace Supawatch.Stack;

/// <summary>
/// The POSIX shell that supervises one native component in its own session: it starts the component as its child,
/// writes the child's PID to the PID file and its state to <c>run/&lt;component&gt;.state</c>, and when the child dies
/// (not stopped by us) starts it again after a backoff, per <see cref="RestartPolicy"/>. After too many short runs in a
/// row it writes <c>crash loop</c>, says so in the component's log and exits, leaving the component down.
/// SIGTERM stops it: it passes the signal to the component and exits once the component has.
/// </summary>
internal static class SupervisorScript
{
    // $0 and $@ are the component's command. Every line goes to the component's log; the state file is replaced whole.
    public const string Text = """
        exec </dev/null >>"$SUPAWATCH_LOG_FILE" 2>&1
        echo $$ > "$SUPAWATCH_SUPERVISOR_PID_FILE"
        backoff=$SUPAWATCH_RESTART_BACKOFF; restarts=0; crashes=0; last_exit=; stopping=0; child=; pause=
        state() { printf 'state=%s\nrestarts=%s\nlast_exit=%s\nsince=%s\n' "$1" "$restarts" "$last_exit" "$(date +%s)" > "$SUPAWATCH_STATE_FILE.tmp" && mv -f "$SUPAWATCH_STATE_FILE.tmp" "$SUPAWATCH_STATE_FILE"; }
        trap 'stopping=1; [ -n "$child" ] && kill -TERM "$child" 2>/dev/null; [ -n "$pause" ] && kill "$pause" 2>/dev/null' TERM INT HUP
        while :; do
          started=$(date +%s)
          "$0" "$@" &
          child=$!
          echo "$child" > "$SUPAWATCH_PID_FILE"
          state running
          code=0; wait "$child" || code=$?
          while kill -0 "$child" 2>/dev/null; do code=0; wait "$child" || code=$?; done
          child=
          if [ "$stopping" = 1 ]; then rm -f "$SUPAWATCH_SUPERVISOR_PID_FILE"; exit 0; fi
          if [ "$code" -gt 128 ]; then last_exit="signal $((code - 128))"; else last_exit="exit $code"; fi
          if [ $(( $(date +%s) - started )) -ge "$SUPAWATCH_RESTART_STABLE" ]; then crashes=0; backoff=$SUPAWATCH_RESTART_BACKOFF; fi
          crashes=$((crashes + 1))
          if [ "$crashes" -ge "$SUPAWATCH_RESTART_LIMIT" ]; then
            state "crash loop"
            echo "supawatch stack: $SUPAWATCH_COMPONENT died ($last_exit) $crashes times in a row, each within ${SUPAWATCH_RESTART_STABLE} s of starting: crash loop, giving up; fix the cause above, then run 'supawatch stack start'"
            rm -f "$SUPAWATCH_PID_FILE" "$SUPAWATCH_SUPERVISOR_PID_FILE"
            exit 1
          fi
          restarts=$((restarts + 1))
          state restarting
          echo "supawatch stack: $SUPAWATCH_COMPONENT died ($last_exit); restart $restarts in $backoff s"
          sleep "$backoff" & pause=$!
          wait "$pause"
          pause=
          if [ "$stopping" = 1 ]; then rm -f "$SUPAWATCH_PID_FILE" "$SUPAWATCH_SUPERVISOR_PID_FILE"; exit 0; fi
          backoff=$((backoff * 2)); [ "$backoff" -gt "$SUPAWATCH_RESTART_MAX_BACKOFF" ] && backoff=$SUPAWATCH_RESTART_MAX_BACKOFF
        done
        """;
}
