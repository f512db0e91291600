import Testing
import LinearAlgebra

/// Two hyperthreads of one Intel AVX-512 core, trimmed from a real /proc/cpuinfo.
private let intelSample = """
processor\t: 0
vendor_id\t: GenuineIntel
cpu family\t: 6
model\t\t: 85
model name\t: Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz
cpu MHz\t\t: 2100.000
physical id\t: 0
siblings\t: 2
core id\t\t: 0
cpu cores\t: 1
flags\t\t: fpu sse sse2 ssse3 fma sse4_1 sse4_2 avx f16c avx2 avx512f avx512dq avx512cd avx512bw avx512vl avx512_vnni

processor\t: 1
vendor_id\t: GenuineIntel
cpu family\t: 6
model\t\t: 85
model name\t: Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz
cpu MHz\t\t: 2300.000
physical id\t: 0
siblings\t: 2
core id\t\t: 0
cpu cores\t: 1
flags\t\t: fpu sse sse2 ssse3 fma sse4_1 sse4_2 avx f16c avx2 avx512f avx512dq avx512cd avx512bw avx512vl avx512_vnni

"""

/// Two cores of an AMD Zen 4 (AVX-512 executed as two 256-bit halves).
private let amdSample = """
processor\t: 0
vendor_id\t: AuthenticAMD
cpu family\t: 25
model\t\t: 17
model name\t: AMD EPYC
cpu MHz\t\t: 2596.152
physical id\t: 0
core id\t\t: 0
flags\t\t: fpu sse sse2 pni ssse3 fma sse4_1 sse4_2 avx f16c avx2 avx512f avx512_bf16

processor\t: 1
vendor_id\t: AuthenticAMD
cpu family\t: 25
model\t\t: 17
model name\t: AMD EPYC
cpu MHz\t\t: 2596.152
physical id\t: 0
core id\t\t: 1
flags\t\t: fpu sse sse2 pni ssse3 fma sse4_1 sse4_2 avx f16c avx2 avx512f avx512_bf16
"""

/// An ARM core: `Features` instead of `flags`, no clock.
private let armSample = """
processor\t: 0
BogoMIPS\t: 50.00
Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid
CPU implementer\t: 0x41
"""

@Suite("CPUFeatures")
struct CPUFeaturesTests {
    @Test func parsesModelCoresAndVectorFeaturesOfAnIntelSample() {
        let cpu = CPUFeatures(cpuinfo: intelSample)
        #expect(cpu.vendor == "GenuineIntel")
        #expect(cpu.modelName == "Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz")
        #expect(cpu.family == 6 && cpu.model == 85)
        #expect(cpu.logicalCores == 2)
        #expect(cpu.physicalCores == 1)
        #expect(cpu.vectorFeatures.contains("sse4_2"))
        #expect(cpu.vectorFeatures.contains("avx2"))
        #expect(cpu.vectorFeatures.contains("avx512_vnni"))
        #expect(!cpu.vectorFeatures.contains("avx512_bf16"))
        #expect(!cpu.vectorFeatures.contains("fpu"))
        #expect(cpu.widestVectorBits == 512)
        #expect(cpu.fmaWidthBits == 512)
        #expect(cpu.fmaUnitsPerCore == 2)
        #expect(cpu.clockMHz == 2200)
    }

    @Test func peakEstimateFollowsTheDocumentedFormula() throws {
        let cpu = CPUFeatures(cpuinfo: intelSample)
        // 1 physical core * 2.2 GHz * (512 / 32) lanes * 2 flops per FMA * 2 units.
        let float = try #require(cpu.peakGFLOPS(for: Float.self))
        #expect(abs(float - 1 * 2.2 * 16 * 2 * 2) < 1e-9)
        let double = try #require(cpu.peakGFLOPS(for: Double.self, threads: 8))
        #expect(abs(double - 1 * 2.2 * 8 * 2 * 2) < 1e-9)
    }

    @Test func zen4CountsAVX512AsTwo256BitHalves() throws {
        let cpu = CPUFeatures(cpuinfo: amdSample)
        #expect(cpu.physicalCores == 2)
        #expect(cpu.widestVectorBits == 512)
        #expect(cpu.fmaWidthBits == 256)
        #expect(cpu.vectorFeatures.contains("avx512_bf16"))
        let peak = try #require(cpu.peakGFLOPS(for: Double.self, threads: 1))
        #expect(abs(peak - 2.596152 * 4 * 2 * 2) < 1e-9)
    }

    @Test func armFeaturesLineGives128BitVectorsAndNoClock() {
        let cpu = CPUFeatures(cpuinfo: armSample)
        #expect(cpu.logicalCores == 1)
        #expect(cpu.vectorFeatures == ["asimd", "asimdhp"])
        #expect(cpu.widestVectorBits == 128)
        #expect(cpu.clockMHz == nil)
        #expect(cpu.peakGFLOPS(for: Float.self) == nil)
    }

    @Test func emptyTextParsesToNoFeatures() {
        let cpu = CPUFeatures(cpuinfo: "")
        #expect(cpu.logicalCores == 0)
        #expect(cpu.vectorFeatures.isEmpty)
        #expect(cpu.widestVectorBits == 64)
    }

    @Test func currentMachineReportsAtLeastOneCore() {
        let cpu = CPUFeatures.current
        #expect(cpu.logicalCores >= 1)
        #expect(cpu.physicalCores >= 1)
    }
}
