using System;
using System.IO;
using System.Linq;

namespace SupplyChainTools.Core.Tests.Fuzzing
{
    /// <summary>Every input a fuzz campaign once crashed on (tests/fixtures/fuzz/TARGET/*.bin) stays fixed.</summary>
    public sealed class FuzzRegressionTests
    {
        private static string Folder => Path.Combine(AppContext.BaseDirectory, "fixtures", "fuzz");

        public static TheoryData<string, string> Inputs()
        {
            var data = new TheoryData<string, string>();
            foreach (string file in Directory.GetFiles(Folder, "*.bin", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(Path.GetDirectoryName(file)!), Path.GetFileName(file));
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(Inputs))]
        public void FormerCrash_NowMeetsItsTargetsOracles(string target, string file)
        {
            FuzzTarget fuzzTarget = FuzzTargets.Create(target);
            try
            {
                byte[] input = File.ReadAllBytes(Path.Combine(Folder, target, file));
                var report = new FuzzReport(target, 0);
                using var watchdog = new Watchdog();
                foreach (FuzzSeed origin in fuzzTarget.Seeds)
                {
                    (string Kind, string Detail)? crash = FuzzCampaign.RunOne(fuzzTarget, watchdog, input, origin, TimeSpan.FromSeconds(10), report);
                    Assert.True(crash == null, crash?.Kind + ": " + crash?.Detail);
                }
            }
            finally
            {
                fuzzTarget.Cleanup?.Invoke();
            }
        }
    }
}
