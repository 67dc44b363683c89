/// Substring search on UTF-8 bytes, much cheaper than Foundation's locale-aware `contains`.
public enum ByteSearch {
    /// Whether `text` contains `needle`, compared byte by byte.
    public static func contains(_ text: String, _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return true }
        var text = text
        return text.withUTF8 { bytes in
            let count = bytes.count
            let length = pattern.count
            guard count >= length else { return false }
            var i = 0
            while i <= count - length {
                if bytes[i] == first {
                    var j = 1
                    while j < length && bytes[i + j] == pattern[j] { j += 1 }
                    if j == length { return true }
                }
                i += 1
            }
            return false
        }
    }
}
