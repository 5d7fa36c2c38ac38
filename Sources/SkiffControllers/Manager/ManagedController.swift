/// What the manager needs of a controller, whatever its reconciler.
protocol ManagedController: Sendable {
    var name: String { get }
    func start(workers: Int)
    func stop()
    func waitUntilIdle(timeout: Duration) -> Bool
    var stats: ControllerStats { get }
}

extension Controller: ManagedController {}
