/// Per-unit keys of one text: O(1) sampled hashes of the raw bytes for all units;
/// comparison keys and their hashes built only for the units that need them.
struct UnitKeys {
    let units: [TextUnit]
    /// `UTF8Scanning.sampleHash` of each unit's raw bytes.
    let sample: [UInt64]
    private var keys: [Int: [UInt8]] = [:]
    private var hashes: [Int: UInt64] = [:]

    init(units: [TextUnit]) {
        self.units = units
        var sample: [UInt64] = []
        sample.reserveCapacity(units.count)
        for unit in units { sample.append(UTF8Scanning.sampleHash(unit.bytes)) }
        self.sample = sample
    }

    /// The comparison key of unit `u`.
    mutating func key(_ u: Int) -> [UInt8] {
        if let key = keys[u] { return key }
        let key = UTF8Scanning.comparisonKey(units[u].bytes)
        keys[u] = key
        return key
    }

    /// The hash of the comparison key of unit `u`.
    mutating func hash(_ u: Int) -> UInt64 {
        if let hash = hashes[u] { return hash }
        let hash = UTF8Scanning.comparisonHash(units[u].bytes)
        hashes[u] = hash
        return hash
    }
}
