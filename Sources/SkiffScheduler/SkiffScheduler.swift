// SkiffScheduler: the scheduling queue, filter and score plugins, device allocation, gangs and preemption.
//
// Shaped like kube-scheduler (Kubernetes 1.32) and worded exactly as it is. Where Skiff knowingly differs:
// - Every node is filtered and every feasible node scored (no percentageOfNodesToScore sampling); preemption dry-runs
//   every candidate node (kube-scheduler samples at least 100 nodes or 10%).
// - Ties between equally scored nodes are broken by reservoir sampling with a seeded SplitMix64
//   (`SchedulerConfiguration.tieBreakSeed`, 0 by default), so the same inputs give the same placements.
// - The active queue orders by priority, then creation time, then arrival (kube-scheduler: time of entering the
//   queue). Requeueing follows the pre-queueing-hints rules: a rejected pod moves on the events its rejecting
//   plugins registered for.
// - Score plugins: TaintToleration (3), NodeAffinity (2), NodeResourcesFit (1), NodeResourcesBalancedAllocation (1,
//   1.32 formula); ImageLocality, PodTopologySpread and InterPodAffinity have nothing to act on in Skiff.
// - A node that declares no `pods` allocatable allows 110 pods; allocatable is read from `status.allocatable`, else
//   `status.capacity`, else the capacity a node manifest declared.
// - Device indices (`nvidia.com/gpu`) are chosen at reserve (lowest free first) and recorded on the pod in the
//   `skiff.dev/devices` annotation; pods bound by hand get free indices from the cache, recorded the same way.
// - Binding is synchronous within the cycle and also sets `PodScheduled=True` and clears `nominatedNodeName`.
// - Preemption has no PodDisruptionBudgets and no `preemptionPolicy`; victims get a `DisruptionTarget` condition
//   and are deleted from the store. Gangs (`skiff.dev/pod-group`, `skiff.dev/pod-group-size`) are placed whole or
//   not at all, and never preempt.
@_exported import SkiffStore
