using System;
using System.Globalization;
using System.IO;
using Xunit.Abstractions;

namespace SupplyChainTools.Core.Tests.Fuzzing
{
    /// <summary>
    /// Every parser's fuzz target, for a bounded time in each test run (SCT_FUZZ_SECONDS per target, 4 by default,
    /// so the eight stay under a minute). The run seed is fixed (SCT_FUZZ_SEED overrides it) and printed, so a
    /// failure names the seed and iteration that reproduce it; crashing inputs are saved under out/fuzz.
    /// bench/Fuzz.Bench.ps1 runs the same targets for minutes and appends each report to SCT_FUZZ_REPORT.
    /// </summary>
    public sealed class FuzzCampaignTests
    {
        private const int DefaultSeed = 20261202;
        private readonly ITestOutputHelper _output;

        public FuzzCampaignTests(ITestOutputHelper output)
        {
            _output = output;
        }

        public static TheoryData<string> Targets()
        {
            var data = new TheoryData<string>();
            foreach (string name in FuzzTargets.Names)
            {
                data.Add(name);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(Targets))]
        public void Target_RunsItsBudget_WithoutCrashHangOrOracleViolation(string name)
        {
            int seed = Setting("SCT_FUZZ_SEED", DefaultSeed);
            TimeSpan budget = TimeSpan.FromSeconds(Setting("SCT_FUZZ_SECONDS", 4));
            TimeSpan perInput = TimeSpan.FromSeconds(Setting("SCT_FUZZ_INPUT_SECONDS", 10));

            FuzzReport report = FuzzCampaign.Run(FuzzTargets.Create(name), seed, budget, perInput);

            _output.WriteLine(report.Describe());
            string? reportFile = Environment.GetEnvironmentVariable("SCT_FUZZ_REPORT");
            if (!string.IsNullOrEmpty(reportFile))
            {
                File.AppendAllText(reportFile, string.Join("\t", report.Target, report.Seed, report.Inputs, report.Crashes.Count, report.DocumentedErrors, report.OracleChecks, report.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture), report.SlowestMilliseconds.ToString("F1", CultureInfo.InvariantCulture), report.MostAllocatedBytes) + "\n");
            }

            Assert.True(report.Inputs > 0, "The target ran no input.");
            Assert.True(report.Crashes.Count == 0, report.Describe());
        }

        private static int Setting(string variable, int fallback)
            => int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : fallback;
    }
}
