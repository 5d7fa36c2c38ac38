/// Parsing of CIDR notation (`10.9.8.0/24`, `2001:db8::/64`) for validating node pod ranges.
enum CIDR {
    /// Whether `text` is an IPv4 or IPv6 address with a prefix length in range, as Go's `net.ParseCIDR` accepts.
    static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let bits = Int(parts[1]), parts[1].allSatisfy(\.isASCIIDigit) else { return false }
        if isIPv4(parts[0]) { return (0...32).contains(bits) }
        if isIPv6(parts[0]) { return (0...128).contains(bits) }
        return false
    }

    static func isIPv4(_ text: Substring) -> Bool {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4
            && octets.allSatisfy { octet in
                !octet.isEmpty && octet.count <= 3 && octet.allSatisfy(\.isASCIIDigit) && Int(octet)! <= 255
                    && !(octet.count > 1 && octet.first == "0")
            }
    }

    static func isIPv6(_ text: Substring) -> Bool {
        // At most one `::`, standing for one or more zero groups.
        var sides: [Substring] = [text]
        if let range = text.firstRange(of: "::") {
            sides = [text[..<range.lowerBound], text[range.upperBound...]]
            if sides[1].contains("::") { return false }
        }
        var count = 0
        for (index, side) in sides.enumerated() where !side.isEmpty {
            var fields = side.split(separator: ":", omittingEmptySubsequences: false)
            if index == sides.count - 1, let last = fields.last, last.contains(".") {
                guard isIPv4(last) else { return false }
                fields.removeLast()
                count += 2
            }
            for field in fields {
                guard (1...4).contains(field.count), field.allSatisfy(\.isHexDigit) else { return false }
                count += 1
            }
        }
        return sides.count == 2 ? count < 8 : count == 8
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
