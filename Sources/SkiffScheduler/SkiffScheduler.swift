// SkiffScheduler: the scheduling queue, filter and score plugins, device allocation, gangs and preemption.
@_exported import SkiffStore
