/// Dates as the mail formats write them, computed from seconds since 1970 in UTC (no locale, no time zone data:
/// the lab's servers always say +0000, which both formats allow).
public struct LabDate: Equatable, Sendable {
    public let year: Int
    public let month: Int
    public let day: Int
    public let hour: Int
    public let minute: Int
    public let second: Int
    /// 0 = Sunday.
    public let weekday: Int

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let dayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    public init(secondsSince1970 seconds: Int64) {
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let secondOfDay = Int(seconds - Int64(days) * 86_400)
        hour = secondOfDay / 3600
        minute = secondOfDay % 3600 / 60
        second = secondOfDay % 60
        weekday = ((days % 7) + 11) % 7   // 1970-01-01 was a Thursday
        // Civil date from a day count (the proleptic Gregorian calendar, eras of 400 years).
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private var time: String { "\(LabDate.two(hour)):\(LabDate.two(minute)):\(LabDate.two(second))" }

    /// `Thu, 01 Jan 1970 00:00:00 +0000` (RFC 5322 §3.3), for Date: and Received: headers.
    public var rfc5322: String {
        "\(LabDate.dayNames[weekday]), \(LabDate.two(day)) \(LabDate.monthNames[month - 1]) \(year) \(time) +0000"
    }

    /// `01-Jan-1970 00:00:00 +0000` (RFC 9051 §9 date-time), for INTERNALDATE.
    public var imap: String {
        "\(LabDate.two(day))-\(LabDate.monthNames[month - 1])-\(year) \(time) +0000"
    }
}
