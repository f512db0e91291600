/// Character classes and case mapping exactly as CPython's `str` and `re`
/// define them, so the scikit-learn compatible analyzers match scikit-learn
/// token for token.
///
/// - `\w` (with `re.UNICODE`): `str.isalnum()` or `_`, i.e. letters (Lu, Ll,
///   Lt, Lm, Lo) and anything with a Unicode numeric type, plus underscore.
///   Combining marks are *not* word characters.
/// - `\s` and `str.split()`: `str.isspace()`, which includes the ASCII
///   separators U+001C...U+001F that Unicode's White_Space property lacks.
/// - `str.lower()`: full lowercase mappings (U+0130 "İ" becomes two scalars)
///   with the Final_Sigma rule for U+03A3.
package enum PythonCharacterClasses {
    /// ASCII bytes that match `\w`: `[0-9A-Za-z_]`.
    package static let asciiWord: [Bool] = (0 ..< 256).map { b in
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95
    }

    /// Per byte: 1 for an ASCII byte matching `\w`, 0 for another ASCII
    /// byte, 2 for a byte of a multi-byte scalar.
    package static let byteClass: [UInt8] = (0 ..< 256).map { b in
        b >= 0x80 ? 2 : asciiWord[b] ? 1 : 0
    }

    /// Whether `scalar` matches Python's `\w`.
    @inline(__always)
    package static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 128 { return asciiWord[Int(v)] }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return true
        default:
            return scalar.properties.numericType != nil
        }
    }

    /// Whether `scalar` matches Python's `\s` / `str.isspace()`.
    @inline(__always)
    package static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09 ... 0x0D, 0x1C ... 0x20, 0x85, 0xA0, 0x1680, 0x2000 ... 0x200A,
             0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// Python's `str.lower()` of a whole string, as UTF-8 appended to `output`.
    ///
    /// ASCII is lowered byte by byte; other scalars use their full Unicode
    /// lowercase mapping, and capital sigma becomes final sigma (U+03C2) when
    /// it ends a word, as CPython does.
    /// - Complexity: O(n) in the UTF-8 length.
    package static func appendLowercased(_ text: UnsafeBufferPointer<UInt8>, to output: ByteBuffer) {
        var i = 0
        let n = text.count
        output.reserve(n)
        while i < n {
            let b = text[i]
            if b < 0x80 {
                output.append(b >= 65 && b <= 90 ? b | 0x20 : b)
                i += 1
                continue
            }
            i += appendLowercasedScalar(text, at: i, to: output)
        }
    }

    /// Appends `str.lower()` of the non-ASCII scalar starting at `text[i]`
    /// (the whole text is needed for the Final_Sigma rule); returns the
    /// scalar's byte length in `text`.
    @inline(__always)
    package static func appendLowercasedScalar(_ text: UnsafeBufferPointer<UInt8>, at i: Int, to output: ByteBuffer) -> Int {
        let (scalar, length) = UTF8Decoding.decode(text, at: i)
        if scalar.value == 0x03A3 {
            let sigma: Unicode.Scalar = isFinalSigma(text, at: i, length: length) ? "\u{03C2}" : "\u{03C3}"
            UTF8Decoding.append(sigma, to: output)
        } else if scalar.properties.changesWhenLowercased {
            for s in scalar.properties.lowercaseMapping.unicodeScalars { UTF8Decoding.append(s, to: output) }
        } else {
            output.append(text.baseAddress! + i, count: length)
        }
        return length
    }

    /// CPython's Final_Sigma test: a cased letter precedes (skipping
    /// case-ignorable scalars) and no cased letter follows.
    static func isFinalSigma(_ text: UnsafeBufferPointer<UInt8>, at position: Int, length: Int) -> Bool {
        var j = position
        var precededByCased = false
        while j > 0 {
            j -= 1
            while j > 0 && text[j] & 0xC0 == 0x80 { j -= 1 }
            let (s, _) = UTF8Decoding.decode(text, at: j)
            if s.properties.isCaseIgnorable { continue }
            precededByCased = s.properties.isCased
            break
        }
        guard precededByCased else { return false }
        var k = position + length
        while k < text.count {
            let (s, l) = UTF8Decoding.decode(text, at: k)
            k += l
            if s.properties.isCaseIgnorable { continue }
            return !s.properties.isCased
        }
        return true
    }
}

/// Small UTF-8 helpers over byte buffers known to hold valid UTF-8.
package enum UTF8Decoding {
    /// Decodes the scalar starting at `i` (which must start a scalar).
    @inline(__always)
    package static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar, Int) {
        let b0 = UInt32(bytes[i])
        if b0 < 0x80 { return (Unicode.Scalar(UInt8(b0)), 1) }
        if b0 < 0xE0 {
            let v = (b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
            return (Unicode.Scalar(v) ?? "\u{FFFD}", 2)
        }
        if b0 < 0xF0 {
            let v = (b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
            return (Unicode.Scalar(v) ?? "\u{FFFD}", 3)
        }
        let v = (b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F)
        return (Unicode.Scalar(v) ?? "\u{FFFD}", 4)
    }

    /// The byte length of the scalar whose first byte is `b`.
    @inline(__always)
    package static func length(leading b: UInt8) -> Int {
        b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
    }

    /// Appends the UTF-8 encoding of `scalar`.
    @inline(__always)
    package static func append(_ scalar: Unicode.Scalar, to output: ByteBuffer) {
        let v = scalar.value
        if v < 0x80 {
            output.append(UInt8(v))
        } else if v < 0x800 {
            output.append(UInt8(0xC0 | v >> 6)); output.append(UInt8(0x80 | v & 0x3F))
        } else if v < 0x10000 {
            output.append(UInt8(0xE0 | v >> 12)); output.append(UInt8(0x80 | (v >> 6) & 0x3F)); output.append(UInt8(0x80 | v & 0x3F))
        } else {
            output.append(UInt8(0xF0 | v >> 18)); output.append(UInt8(0x80 | (v >> 12) & 0x3F))
            output.append(UInt8(0x80 | (v >> 6) & 0x3F)); output.append(UInt8(0x80 | v & 0x3F))
        }
    }
}
