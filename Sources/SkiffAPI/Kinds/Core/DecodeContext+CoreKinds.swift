extension DecodeContext {
    /// `path: Duplicate value: "value"` (Kubernetes' `field.Duplicate`), with an optional detail after it.
    func duplicate(_ path: FieldPath, _ mark: Mark, value: String, _ detail: String = "") {
        let body = "Duplicate value: \(FieldError.quote(value))"
        error(path, mark, detail.isEmpty ? body : "\(body): \(detail)")
    }

    /// `path: Invalid value: 101: detail` — Kubernetes prints numbers bare, strings quoted.
    func invalid(_ path: FieldPath, _ mark: Mark, number: Int64, _ detail: String) {
        error(path, mark, "Invalid value: \(number): \(detail)")
    }
}
