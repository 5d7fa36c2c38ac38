import SkiffNode
import SkiffScheduler

extension ControlPlane {
    /// Runs the controllers and the scheduler until neither has anything left to do at the current time: waits for
    /// the controllers to go idle, runs scheduling cycles until no pod waits in the active queue, and repeats
    /// until a round changes nothing. For a control plane whose scheduler has no loop of its own
    /// (``Options/runsScheduler`` false): offline planning and deterministic tests.
    /// - Returns: false when the controllers did not go idle within `timeout`.
    @discardableResult
    public func settle(timeout: Duration = .seconds(60)) -> Bool {
        precondition(!schedulerService.isLooping, "settle() needs a control plane without a scheduler loop")
        while true {
            guard waitUntilIdle(timeout: timeout) else { return false }
            let before = nodeControllers.changes.value
            let results = schedulerService.scheduleUntilIdle()
            guard waitUntilIdle(timeout: timeout) else { return false }
            if results.isEmpty && nodeControllers.changes.value == before { return true }
        }
    }

    /// Offline planning: settles, then moves `clock` to the next piece of scheduled work (a simulated pod
    /// finishing, a backoff ending, a periodic reconcile) and settles again, for as long as something is still
    /// expected to happen — a simulated pod with a `skiff.dev/simulate-duration` still running, or a pod backing
    /// off in the scheduler's queue — and at most `horizon` of simulated time.
    /// - Parameters:
    ///   - horizon: The most simulated time to run.
    ///   - expecting: Whether something else is still expected to happen as time passes (a job's timeout, say),
    ///     for callers that know more than the pods and the scheduler's queue tell.
    /// - Returns: false when the controllers did not go idle (see ``settle(timeout:)``).
    @discardableResult
    public func runUntilQuiescent(
        clock: ManualClock,
        horizon: Duration = .seconds(7 * 24 * 3600),
        expecting: () -> Bool = { false }
    ) -> Bool {
        let end = clock.now.advanced(by: horizon)
        while true {
            guard settle() else { return false }
            if let next = clock.nextDeadline, next <= clock.now {
                clock.advance(by: .zero)
                continue
            }
            guard expectsMoreWork || expecting(), let next = clock.nextDeadline, next <= end else { return true }
            clock.advance(by: next - clock.now)
        }
    }

    /// Whether a simulated pod will finish by itself or a pod waits out a scheduling backoff.
    private var expectsMoreWork: Bool {
        if scheduler.queue.counts.backoff > 0 { return true }
        let simulated = runtimes.simulated
        return simulated.podUIDs.contains { uid in
            guard let status = simulated.status(podUID: uid), !status.phase.isTerminal,
                let key = runtimes.key(of: uid), let pod = store.get(key)
            else { return false }
            return pod.metadata.annotations[SimulationAnnotations.duration] != nil
        }
    }
}
