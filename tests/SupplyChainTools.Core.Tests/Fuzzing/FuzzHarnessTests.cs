using System;
using System.IO;
using System.Threading;

namespace SupplyChainTools.Core.Tests.Fuzzing
{
    /// <summary>The harness itself: an undocumented exception or a hang is a crash, saved and reported; a documented error is not.</summary>
    public sealed class FuzzHarnessTests
    {
        private static readonly FuzzSeed[] Seeds = { new FuzzSeed("seed", new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }) };

        [Fact]
        public void UndocumentedException_IsACrash_WithTheInputSaved_DocumentedOneIsNot()
        {
            var target = new FuzzTarget(
                "SelfTest",
                Seeds,
                (input, _) => input.Length > 8 ? throw new InvalidOperationException("grew") : input.Length > 0 && input[0] != 1 ? throw new InvalidDataException("documented") : null,
                typeof(InvalidDataException));

            FuzzReport report = FuzzCampaign.Run(target, 7, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), maxInputs: 400);

            Assert.Equal(400, report.Inputs);
            Assert.True(report.DocumentedErrors > 0);
            FuzzCrash crash = Assert.Single(report.Crashes);
            Assert.Equal("Exception", crash.Kind);
            Assert.Contains("InvalidOperationException", crash.Detail, StringComparison.Ordinal);
            Assert.Equal(crash.Input, File.ReadAllBytes(crash.SavedAs));
            Assert.Contains(Convert.ToBase64String(crash.Input), report.Describe(), StringComparison.Ordinal);
            File.Delete(crash.SavedAs);
        }

        [Fact]
        public void Hang_IsReported_AndStopsTheCampaign()
        {
            using var release = new ManualResetEventSlim();
            var target = new FuzzTarget("SelfTestHang", Seeds, (input, _) =>
            {
                release.Wait(TimeSpan.FromSeconds(30));
                return null;
            });

            FuzzReport report = FuzzCampaign.Run(target, 7, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));
            release.Set();

            Assert.Equal(1, report.Inputs);
            Assert.Equal("Hang", Assert.Single(report.Crashes).Kind);
            File.Delete(report.Crashes[0].SavedAs);
        }

        [Fact]
        public void SameRunSeed_MakesTheSameInputs()
        {
            var first = new System.Collections.Generic.List<string>();
            var second = new System.Collections.Generic.List<string>();
            FuzzCampaign.Run(new FuzzTarget("SelfTestA", Seeds, (input, _) => { first.Add(Convert.ToBase64String(input)); return null; }), 11, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), maxInputs: 50);
            FuzzCampaign.Run(new FuzzTarget("SelfTestB", Seeds, (input, _) => { second.Add(Convert.ToBase64String(input)); return null; }), 11, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), maxInputs: 50);

            Assert.Equal(first, second);
        }
    }
}
