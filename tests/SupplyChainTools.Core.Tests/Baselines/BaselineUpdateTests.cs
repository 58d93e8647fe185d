using System.IO;
using System.Linq;
using System.Threading;
using SupplyChainTools.Core.Baselines;

namespace SupplyChainTools.Core.Tests.Baselines
{
    public sealed class BaselineUpdateTests : System.IDisposable
    {
        private readonly TempDirectory _temp = new TempDirectory();

        public void Dispose() => _temp.Dispose();

        private string RecordApp()
        {
            _temp.WriteFile("app/a.txt", "a");
            _temp.WriteFile("app/lib/b.txt", "b");
            string outFile = _temp.Combine("app.baseline");
            new BaselineCreation(new[] { _temp.Combine("app") }, outFile, "app").Run(new RecordingBaselineHost(), CancellationToken.None);
            return outFile;
        }

        private static BaselineChange[] Compare(string baseline)
        {
            var host = new RecordingBaselineHost();
            new BaselineComparison(baseline).Run(host, CancellationToken.None);
            return host.Changes.ToArray();
        }

        private static ReviewedChange Reviewed(BaselineChange change) => new ReviewedChange(change, change.RelativePath, change.Tree, change.BaselineDigest, change.OldPath);

        [Fact]
        public void AnAcceptedChangeIsCapturedAgainAndTheRestKept()
        {
            string baseline = RecordApp();
            _temp.WriteFile("app/a.txt", "new a");
            _temp.WriteFile("app/lib/b.txt", "new b");
            BaselineChange accepted = Compare(baseline).Single(c => c.RelativePath == "a.txt");
            var host = new RecordingBaselineHost();

            BaselineSummary? summary = new BaselineUpdate(baseline, baseline) { Changes = new[] { Reviewed(accepted) } }.Run(host, CancellationToken.None);

            Assert.NotNull(summary);
            Assert.Contains("accept 1 reviewed change(s)", Assert.Single(host.Confirmations));
            Assert.Equal(new[] { "lib/b.txt" }, Compare(baseline).Select(c => c.RelativePath));
        }

        [Fact]
        public void AChangeFoundAgainstAnotherBaselineIsReportedAndNothingIsWritten()
        {
            string baseline = RecordApp();
            var foreign = new ReviewedChange("item", "a.txt", 0, new string('0', 64), null);
            var host = new RecordingBaselineHost();
            string outFile = _temp.Combine("new.baseline");

            BaselineRunException error = Assert.Throws<BaselineRunException>(() => new BaselineUpdate(baseline, outFile) { Changes = new[] { foreign } }.Run(host, CancellationToken.None));

            Assert.Equal(ErrorIds.NothingToAccept, error.ErrorId);
            Assert.Equal(ErrorIds.ChangeFromAnotherBaseline, Assert.Single(host.Errors).ErrorId);
            Assert.Equal("item", host.Errors[0].Target);
            Assert.False(File.Exists(outFile));
        }

        [Fact]
        public void ARescanReplacesEverythingBelowTheFolderOnly()
        {
            string baseline = RecordApp();
            _temp.WriteFile("app/lib/c.txt", "c");
            _temp.WriteFile("app/a.txt", "new a");
            string outFile = _temp.Combine("rescanned.baseline");

            new BaselineUpdate(baseline, outFile) { RescanFolders = new[] { _temp.Combine("app", "lib") } }.Run(new RecordingBaselineHost(), CancellationToken.None);

            Assert.Equal(new[] { "a.txt", "lib", "lib/b.txt", "lib/c.txt" }, BaselineTestData.ReadAll(outFile).Select(e => e.Path));
            Assert.Equal(new[] { "a.txt" }, Compare(outFile).Select(c => c.RelativePath));
        }

        [Fact]
        public void ARescanFolderOutsideTheRootsIsReported()
        {
            string baseline = RecordApp();
            _temp.WriteFile("elsewhere/x.txt", "x");
            var host = new RecordingBaselineHost();
            string[] folders = { _temp.Combine("elsewhere") };

            BaselineRunException error = Assert.Throws<BaselineRunException>(() => new BaselineUpdate(baseline, _temp.Combine("new.baseline")) { RescanFolders = folders }.Run(host, CancellationToken.None));

            Assert.Equal(ErrorIds.NothingToAccept, error.ErrorId);
            Assert.Same(folders, error.Target);
            Assert.Equal(ErrorIds.NotBelowBaselineRoot, Assert.Single(host.Errors).ErrorId);
        }

        [Fact]
        public void ASignedBaselineNeedsASigningCertificate()
        {
            string baseline = RecordApp();
            File.WriteAllBytes(BaselineTrust.SignaturePathOf(baseline), new byte[] { 1 });

            BaselineRunException error = Assert.Throws<BaselineRunException>(() => new BaselineUpdate(baseline, baseline).Run(new RecordingBaselineHost(), CancellationToken.None));

            Assert.Equal(ErrorIds.SigningCertificateRequired, error.ErrorId);
            Assert.Equal(BaselineErrorKind.SecurityError, error.Kind);
        }
    }
}
