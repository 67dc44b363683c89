import Foundation

/// The plan as JSON: stable field names (documented in the README), sorted keys, a final newline.
public enum PlanJSON {
    /// Encodes a plan.
    public static func render(_ plan: Plan) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(plan), let text = String(data: data, encoding: .utf8) else { return "" }
        return text + "\n"
    }
}
