#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The calling thread's identity, so that the store recognises a watch handler calling back into it on the
/// thread that is delivering events (and must not wait for itself).
enum ThreadIdentity {
    /// Nonzero, and distinct among running threads.
    static var current: UInt {
        #if canImport(Darwin)
        UInt(bitPattern: pthread_self())
        #else
        UInt(pthread_self())
        #endif
    }
}
