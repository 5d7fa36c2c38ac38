import Testing

@testable import SkiffStore

struct ObjectStoreConcurrencyTests {
    @Test(arguments: StoreFactory.all)
    func concurrentWritersLoseNoUpdates(factory: StoreFactory) async throws {
        let store = StoreFixture(factory).store
        try store.create(Widget("counter"))
        let versions = Locked<[ResourceVersion]>([])
        let watch = try store.watch(groupKind: Widget.groupKind, from: 1) { event in
            versions.withLock { $0.append(event.resourceVersion) }
        }
        defer { watch.cancel() }
        let writers = 8
        let incrementsPerWriter = 100
        let conflicts = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<writers {
                group.addTask {
                    var conflicts = 0
                    for _ in 0..<incrementsPerWriter {
                        while true {
                            var widget = store.get(Widget.self, namespace: "default", name: "counter")!
                            widget.spec.size += 1
                            do {
                                try store.update(widget)
                                break
                            } catch {
                                conflicts += 1
                            }
                        }
                    }
                    return conflicts
                }
            }
            return await group.reduce(0, +)
        }
        let final = try #require(store.get(Widget.self, namespace: "default", name: "counter"))
        #expect(final.spec.size == writers * incrementsPerWriter)
        #expect(final.metadata.generation == Int64(1 + writers * incrementsPerWriter))
        let seen = versions.withLock { $0 }
        #expect(seen.count == writers * incrementsPerWriter)
        #expect(zip(seen, seen.dropFirst()).allSatisfy { $0 < $1 })
        #expect(seen.last == store.currentResourceVersion)
        #expect(conflicts >= 0)
    }

    @Test(arguments: StoreFactory.all)
    func concurrentCreatesGetDistinctIncreasingVersions(factory: StoreFactory) async throws {
        let store = StoreFixture(factory).store
        let recorder = EventRecorder()
        let watch = try store.watch(groupKind: nil) { recorder.record($0) }
        defer { watch.cancel() }
        let writers = 6
        let perWriter = 150
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for index in 0..<perWriter {
                        _ = try? store.create(Widget("w\(index)", namespace: "ns\(writer)"))
                        _ = try? store.list(Widget.groupKind, namespace: "ns\(writer)", limit: 5)
                    }
                }
            }
        }
        let versions = recorder.events.map(\.resourceVersion)
        #expect(versions == Array(1...ResourceVersion(writers * perWriter)))
        #expect(try store.list(Widget.groupKind).items.count == writers * perWriter)
        for writer in 0..<writers {
            #expect(try store.list(Widget.groupKind, namespace: "ns\(writer)").items.count == perWriter)
        }
    }

    @Test(arguments: StoreFactory.all)
    func streamsAndCallbacksAgreeUnderConcurrentWrites(factory: StoreFactory) async throws {
        let store = StoreFixture(factory).store
        let stream = try store.watchStream(groupKind: nil, bufferCapacity: 10_000)
        let recorder = EventRecorder()
        let watch = try store.watch(groupKind: nil) { recorder.record($0) }
        defer { watch.cancel() }
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    for index in 0..<100 {
                        let name = "w\(writer)-\(index)"
                        _ = try? store.create(Widget(name))
                        _ = try? store.update(Widget(name, size: 1))
                    }
                }
            }
        }
        var streamed: [ResourceVersion] = []
        for try await event in stream {
            streamed.append(event.resourceVersion)
            if streamed.count == 800 { break }
        }
        #expect(streamed == recorder.events.map(\.resourceVersion))
        #expect(streamed == Array(1...800))
    }
}
