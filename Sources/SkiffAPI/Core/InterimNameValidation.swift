// Interim until helper/quantity lands with Validation/NameValidation.swift.
public enum NameValidation {
    public static func dns1123Label(_ s: String) -> [String] {
        let ok = !s.isEmpty && s.count <= 63 && s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
            && s.utf8.first != 45 && s.utf8.last != 45
        return ok ? [] : ["a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'"]
    }
    public static func dns1123Subdomain(_ s: String) -> [String] {
        let ok = !s.isEmpty && s.count <= 253 && s.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { dns1123Label(String($0)).isEmpty }
        return ok ? [] : ["a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'"]
    }
    public static func qualifiedName(_ s: String) -> [String] { s.isEmpty ? ["name part must be non-empty"] : [] }
    public static func labelValue(_ s: String) -> [String] { s.count > 63 ? ["must be no more than 63 characters"] : [] }
}
