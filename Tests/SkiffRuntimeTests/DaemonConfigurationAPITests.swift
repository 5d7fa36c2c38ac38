import SkiffRuntime
import Testing

/// The `api:` section: the HTTPS listener's address and the loopback guard.
struct DaemonConfigurationAPITests {
    typealias Address = DaemonConfiguration.ListenAddress

    @Test func theDefaultListensOnLoopback6443() throws {
        let config = try DaemonConfiguration.parse("", file: "skiffd.yaml")
        #expect(config.api.listen == Address(host: "127.0.0.1", port: 6443))
        #expect(!config.api.allowNonLoopback)
        #expect(config.api.refusal == nil)
    }

    @Test func theSectionIsRead() throws {
        let config = try DaemonConfiguration.parse(
            "api:\n  listen: \"[::1]:7443\"\n  allowNonLoopback: true\n",
            file: "skiffd.yaml"
        )
        #expect(config.api.listen == Address(host: "::1", port: 7443))
        #expect(config.api.allowNonLoopback)
        #expect(try DaemonConfiguration.parse("api: {listen: none}\n", file: "skiffd.yaml").api.listen == nil)
    }

    @Test func aBadAddressIsReportedWithItsPosition() {
        #expect {
            _ = try DaemonConfiguration.parse("api:\n  listen: 127.0.0.1\n", file: "skiffd.yaml")
        } throws: { error in
            "\(error)".contains("skiffd.yaml:2:") && "\(error)".contains("api.listen")
                && "\(error)".contains("HOST:PORT")
        }
        #expect(throws: ConfigurationError.self) {
            _ = try DaemonConfiguration.parse("api: {listen: \"127.0.0.1:70000\"}\n", file: "skiffd.yaml")
        }
    }

    @Test func parsing() throws {
        #expect(try Address.parse("127.0.0.1:6443").get() == Address(host: "127.0.0.1", port: 6443))
        #expect(try Address.parse(" localhost:0 ").get() == Address(host: "localhost", port: 0))
        #expect(try Address.parse("[fd00::1]:443").get() == Address(host: "fd00::1", port: 443))
        #expect(try Address.parse("NONE").get() == nil)
        for bad in ["", "6443", ":6443", "host:", "host:x", "::1:6443", "[::1]6443", "h:-1", "h:65536"] {
            #expect((try? Address.parse(bad).get()) == nil, "\(bad)")
        }
        #expect(Address(host: "::1", port: 1).description == "[::1]:1")
    }

    @Test func onlyLoopbackAddressesAreAllowedByDefault() {
        for host in ["127.0.0.1", "127.8.9.10", "::1", "localhost", "LOCALHOST"] {
            #expect(Address(host: host, port: 1).isLoopback, "\(host)")
        }
        for host in ["0.0.0.0", "10.0.0.1", "::", "fd00::1", "example.com", "128.0.0.1"] {
            #expect(!Address(host: host, port: 1).isLoopback, "\(host)")
        }
        var settings = DaemonConfiguration.APISettings(listen: Address(host: "0.0.0.0", port: 6443))
        #expect(settings.refusal?.contains("0.0.0.0:6443 is not a loopback address") == true)
        #expect(settings.refusal?.contains("api.allowNonLoopback: true") == true)
        settings.allowNonLoopback = true
        #expect(settings.refusal == nil)
        #expect(DaemonConfiguration.APISettings(listen: nil).refusal == nil)
    }
}
