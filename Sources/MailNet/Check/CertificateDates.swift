#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Days until a certificate's notAfter, as `PeerCertificate` writes it ("2026-01-31 12:00:00 UTC").
enum CertificateDates {
    static func daysLeft(until notAfter: String, now: time_t = time(nil)) -> Int? {
        guard let end = seconds(notAfter) else { return nil }
        return Int((end - now) / 86_400)
    }

    /// Whole days between two dates: a certificate's lifetime.
    static func days(from notBefore: String, to notAfter: String) -> Int? {
        guard let start = seconds(notBefore), let end = seconds(notAfter) else { return nil }
        return Int((end - start) / 86_400)
    }

    private static func seconds(_ text: String) -> time_t? {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" })
        guard parts.count >= 6, let year = Int32(parts[0]), let month = Int32(parts[1]), let day = Int32(parts[2]),
              let hour = Int32(parts[3]), let minute = Int32(parts[4]), let second = Int32(parts[5]) else {
            return nil
        }
        var fields = tm()
        fields.tm_year = year - 1900
        fields.tm_mon = month - 1
        fields.tm_mday = day
        fields.tm_hour = hour
        fields.tm_min = minute
        fields.tm_sec = second
        let value = timegm(&fields)
        return value == -1 ? nil : value
    }
}
