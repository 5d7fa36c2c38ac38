import Foundation
import SkiffServer
import Testing

/// The bearer tokens: generated once into the state directory, `0600`, compared by digest.
struct TokenStoreTests {
    @Test func firstStartGeneratesTwoTokensThatARestartReuses() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let tokens = try TokenStore.loadOrCreate(directory: folder.path + "/tokens")
        #expect(tokens.adminToken != tokens.readOnlyToken)
        for token in [tokens.adminToken, tokens.readOnlyToken] {
            // 32 bytes, base64url without padding.
            #expect(token.count == 43)
            #expect(token.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        }
        #expect(folder.read("tokens/admin") == tokens.adminToken + "\n")
        #expect(folder.read("tokens/read-only") == tokens.readOnlyToken + "\n")
        #expect(folder.mode("tokens/admin") == 0o600)
        #expect(folder.mode("tokens/read-only") == 0o600)
        #expect(folder.mode("tokens") == 0o700)

        let again = try TokenStore.loadOrCreate(directory: folder.path + "/tokens")
        #expect(again.adminToken == tokens.adminToken && again.readOnlyToken == tokens.readOnlyToken)
    }

    @Test func aDeletedOrEmptiedTokenFileIsRegenerated() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let first = try TokenStore.loadOrCreate(directory: folder.path + "/tokens")
        try FileManager.default.removeItem(atPath: folder.path + "/tokens/admin")
        try "\n".write(toFile: folder.path + "/tokens/read-only", atomically: true, encoding: .utf8)
        let second = try TokenStore.loadOrCreate(directory: folder.path + "/tokens")
        #expect(second.adminToken != first.adminToken && second.adminToken.count == 43)
        #expect(second.readOnlyToken != first.readOnlyToken && second.readOnlyToken.count == 43)
        #expect(second.role(of: "") == nil)
    }

    @Test func rolesByToken() {
        let tokens = TokenStore(adminToken: "admin-token-0123456789", readOnlyToken: "reader-token-0123456789")
        #expect(tokens.role(of: "admin-token-0123456789") == .admin)
        #expect(tokens.role(of: "reader-token-0123456789") == .readOnly)
        #expect(tokens.role(of: "admin-token-012345678") == nil)
        #expect(tokens.role(of: "admin-token-01234567890") == nil)
        #expect(tokens.role(of: "") == nil)
        #expect(tokens.role(of: "Admin-token-0123456789") == nil)
        #expect(tokens.role(of: "admin-token-0123456789"[...]) == .admin)
    }

    @Test func generatedTokensDiffer() {
        let tokens = Set((0..<100).map { _ in TokenStore.generate() })
        #expect(tokens.count == 100)
    }
}
