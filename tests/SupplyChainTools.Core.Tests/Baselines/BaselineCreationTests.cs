using System.IO;
using System.Linq;
using System.Threading;
using SupplyChainTools.Core.Baselines;

namespace SupplyChainTools.Core.Tests.Baselines
{
    public sealed class BaselineCreationTests : System.IDisposable
    {
        private readonly TempDirectory _temp = new TempDirectory();

        public void Dispose() => _temp.Dispose();

        [Fact]
        public void RecordsTheFolderButNeverTheBaselineWrittenInsideIt()
        {
            _temp.WriteFile("app/a.txt", "a");
            _temp.WriteFile("app/lib/b.txt", "b");
            string root = _temp.Combine("app");
            string outFile = Path.Combine(root, "app.baseline");
            var host = new RecordingBaselineHost();

            BaselineSummary? summary = new BaselineCreation(new[] { root }, outFile, new[] { root }).Run(host, CancellationToken.None);

            Assert.NotNull(summary);
            Assert.Equal(3, summary!.Entries);
            Assert.Equal(new[] { "a.txt", "lib", "lib/b.txt" }, BaselineTestData.ReadAll(outFile).Select(e => e.Path));
            Assert.Single(host.Confirmations);
            Assert.Empty(host.Errors);
        }

        [Fact]
        public void RefusesAnExistingFileWithoutForceBeforeAskingToConfirm()
        {
            _temp.WriteFile("app/a.txt", "a");
            string outFile = _temp.WriteFile("app.baseline", "keep");
            var host = new RecordingBaselineHost();

            BaselineRunException error = Assert.Throws<BaselineRunException>(() => new BaselineCreation(new[] { _temp.Combine("app") }, outFile, "app").Run(host, CancellationToken.None));

            Assert.Equal(ErrorIds.BaselineExists, error.ErrorId);
            Assert.Equal(BaselineErrorKind.ResourceExists, error.Kind);
            Assert.IsType<IOException>(error.Error);
            Assert.Empty(host.Confirmations);
            Assert.Equal("keep", File.ReadAllText(outFile));
        }

        [Fact]
        public void NoFolderIsRefusedWithTheArgumentsAsTarget()
        {
            var arguments = new[] { "nowhere" };

            BaselineRunException error = Assert.Throws<BaselineRunException>(() => new BaselineCreation(new string[0], _temp.Combine("x.baseline"), arguments).Run(new RecordingBaselineHost(), CancellationToken.None));

            Assert.Equal(ErrorIds.NoFolderToRecord, error.ErrorId);
            Assert.Same(arguments, error.Target);
        }

        [Fact]
        public void WritesNothingWhenTheHostDoesNotConfirm()
        {
            _temp.WriteFile("app/a.txt", "a");
            string outFile = _temp.Combine("app.baseline");

            BaselineSummary? summary = new BaselineCreation(new[] { _temp.Combine("app") }, outFile, "app").Run(new RecordingBaselineHost { Confirm = false }, CancellationToken.None);

            Assert.Null(summary);
            Assert.False(File.Exists(outFile));
        }
    }
}
