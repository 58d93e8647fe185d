using System.IO;
using System.Linq;
using System.Threading;
using SupplyChainTools.Core.Baselines;

namespace SupplyChainTools.Core.Tests.Baselines
{
    public sealed class BaselineComparisonTests : System.IDisposable
    {
        private readonly TempDirectory _temp = new TempDirectory();

        public void Dispose() => _temp.Dispose();

        private string Record(string root)
        {
            string outFile = _temp.Combine(Path.GetFileName(root) + ".baseline");
            new BaselineCreation(new[] { root }, outFile, root).Run(new RecordingBaselineHost(), CancellationToken.None);
            return outFile;
        }

        [Fact]
        public void ComparesWithTheRecordedFoldersAndHandsEachChangeToTheHost()
        {
            _temp.WriteFile("app/a.txt", "a");
            _temp.WriteFile("app/b.txt", "b");
            string baseline = Record(_temp.Combine("app"));
            _temp.WriteFile("app/b.txt", "changed");
            var host = new RecordingBaselineHost();

            BaselineComparisonSummary summary = new BaselineComparison(baseline).Run(host, CancellationToken.None);

            BaselineChange change = Assert.Single(host.Changes);
            Assert.Equal(BaselineChangeKind.ContentChanged, change.Change);
            Assert.Equal("b.txt", change.RelativePath);
            Assert.Equal(new[] { _temp.Combine("app") }, summary.ComparedWith);
            Assert.Equal(BaselineChangeKind.ExitBitsOf(BaselineChangeKind.ContentChanged), summary.ExitCode);
            Assert.True(host.ProgressReports >= 2);
        }

        [Fact]
        public void WithSummaryTheChangesStayInTheSummary()
        {
            _temp.WriteFile("app/a.txt", "a");
            string baseline = Record(_temp.Combine("app"));
            File.Delete(_temp.Combine("app", "a.txt"));
            var host = new RecordingBaselineHost();

            BaselineComparisonSummary summary = new BaselineComparison(baseline) { Summary = true }.Run(host, CancellationToken.None);

            Assert.Empty(host.Changes);
            Assert.Equal(BaselineChangeKind.Removed, Assert.Single(summary.Changes).Change);
        }

        [Fact]
        public void OneFolderPerRecordedRootIsRequired()
        {
            _temp.WriteFile("app/a.txt", "a");
            _temp.WriteFile("other/a.txt", "a");
            string baseline = Record(_temp.Combine("app"));
            var comparison = new BaselineComparison(baseline) { Folders = new[] { _temp.Combine("app"), _temp.Combine("other") } };

            BaselineRunException error = Assert.Throws<BaselineRunException>(() => comparison.Run(new RecordingBaselineHost(), CancellationToken.None));

            Assert.Equal(ErrorIds.RootCountMismatch, error.ErrorId);
            Assert.Equal(comparison.Folders, comparison.ComparedWith);
        }

        [Fact]
        public void AMissingReferenceIsUnavailableAndItsRefusalSummaryExitsSixteen()
        {
            var comparison = new BaselineComparison(_temp.Combine("missing.baseline")) { Folders = new[] { "app" } };

            BaselineUnavailableException error = Assert.Throws<BaselineUnavailableException>(() => comparison.Run(new RecordingBaselineHost(), CancellationToken.None));
            BaselineComparisonSummary refusal = comparison.RefusalSummary("gone");

            Assert.IsType<FileNotFoundException>(error.InnerException);
            Assert.Equal(BaselineChangeKind.ExitUntrusted, refusal.ExitCode);
            Assert.False(refusal.BaselineTrusted);
            Assert.Equal(new[] { "app" }, refusal.ComparedWith);
        }

        [Fact]
        public void TwoBaselinesWithoutACommonAlgorithmCannotBeCompared()
        {
            string sha256 = _temp.Combine("sha256.baseline");
            string sha1 = _temp.Combine("sha1.baseline");
            BaselineTestData.Write(sha256, BaselineTestData.Header("/opt/app"), new[] { BaselineTestData.File("a.txt", "a") });
            BaselineTestData.Write(sha1, new BaselineHeader("0.1.0", "host", System.DateTime.UtcNow, new[] { "/opt/app" }, new[] { "SHA1" }), Enumerable.Empty<BaselineEntry>());

            BaselineRunException error = Assert.Throws<BaselineRunException>(() => new BaselineComparison(sha256) { DifferencePath = sha1 }.Run(new RecordingBaselineHost(), CancellationToken.None));

            Assert.Equal(ErrorIds.NoCommonAlgorithm, error.ErrorId);
            Assert.Equal(sha1, error.Target);
        }
    }
}
