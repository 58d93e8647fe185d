using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Hashing;
using Xunit;

namespace SupplyChainTools.Core.Tests.FileSystem
{
    public sealed class InputFileOpenerTests : IDisposable
    {
        private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(20);
        private readonly TempDirectory _temp = new TempDirectory();

        public void Dispose() => _temp.Dispose();

        [Fact]
        public void ReadAllBytes_RegularFile_ReturnsItsContent()
        {
            string path = _temp.WriteFile("roots.pem", "-----BEGIN CERTIFICATE-----\n");

            Assert.Equal(File.ReadAllBytes(path), InputFileOpener.ReadAllBytes(path, InputKind.CertificateBundle));
        }

        [Fact]
        public void Open_MissingFile_IsFileNotFoundNamingTheKind()
        {
            var error = Assert.Throws<FileNotFoundException>(() => InputFileOpener.Open(_temp.Combine("nope.cat"), InputKind.Catalog));

            Assert.Contains("catalog file", error.Message, StringComparison.Ordinal);
            Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Open_Directory_IsNotARegularFileSayingDirectory()
        {
            string folder = _temp.Combine("folder.scbl");
            Directory.CreateDirectory(folder);

            var error = Assert.Throws<NotARegularFileException>(() => InputFileOpener.Open(folder, InputKind.Baseline));

            Assert.Equal(FileKind.Directory, error.Kind);
            Assert.Contains("is a directory", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("denied", error.Message, StringComparison.OrdinalIgnoreCase);
        }

        [LinuxFact]
        public void Open_NamedPipe_IsRefusedPromptlyWithoutOpeningIt()
        {
            string fifo = _temp.Combine("roots.pem");
            Unix.MakeFifo(fifo);

            Task<Exception> attempt = Task.Run(() => Record.Exception(() => InputFileOpener.ReadAllBytes(fifo, InputKind.CertificateBundle)));
            bool finished = attempt.Wait(Prompt);
            if (!finished)
            {
                Unix.ReleaseFifoReader(fifo);
            }

            Assert.True(finished, "Opening a named pipe blocked.");
            var error = Assert.IsType<NotARegularFileException>(attempt.Result);
            Assert.Equal(FileKind.NamedPipe, error.Kind);
            Assert.Contains("certificate file must be a regular file", error.Message, StringComparison.Ordinal);
        }

        [LinuxFact]
        public void Open_LinkToANamedPipe_IsRefused()
        {
            string fifo = _temp.Combine("pipe");
            Unix.MakeFifo(fifo);
            string link = _temp.Combine("module.cat");
            File.CreateSymbolicLink(link, fifo);

            Task<Exception> attempt = Task.Run(() => Record.Exception(() => InputFileOpener.Open(link, InputKind.Catalog).Dispose()));
            bool finished = attempt.Wait(Prompt);
            if (!finished)
            {
                Unix.ReleaseFifoReader(fifo);
            }

            Assert.True(finished, "Opening a link to a named pipe blocked.");
            Assert.Equal(FileKind.NamedPipe, Assert.IsType<NotARegularFileException>(attempt.Result).Kind);
        }

        [LinuxFact]
        public void Open_EndlessDevices_AreRefusedAsDevices()
        {
            foreach (string device in new[] { "/dev/zero", "/dev/urandom" })
            {
                var error = Assert.Throws<NotARegularFileException>(() => InputFileOpener.ReadAllBytes(device, InputKind.RevocationList));
                Assert.Equal(FileKind.CharacterDevice, error.Kind);
            }
        }

        [Fact]
        public void Open_FileLargerThanItsKindCanBe_IsRefusedWithoutReadingIt()
        {
            string path = _temp.Combine("huge.pem");
            using (var stream = new FileStream(path, FileMode.CreateNew))
            {
                stream.SetLength(InputFileOpener.MaximumLength(InputKind.CertificateBundle)!.Value + 1); // sparse: no disk or memory used
            }

            var error = Assert.Throws<InputFileTooLargeException>(() => InputFileOpener.ReadAllBytes(path, InputKind.CertificateBundle));

            Assert.Equal(path, error.Path);
            Assert.Contains("certificate file", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void EveryBoundedKind_HasALimitAndTheStreamedOnesHaveNone()
        {
            Assert.Equal(Core.Catalogs.CatalogFile.MaximumFileSize, InputFileOpener.MaximumLength(InputKind.Catalog));
            Assert.NotNull(InputFileOpener.MaximumLength(InputKind.CertificateBundle));
            Assert.NotNull(InputFileOpener.MaximumLength(InputKind.RevocationList));
            Assert.NotNull(InputFileOpener.MaximumLength(InputKind.BaselineSignature));
            Assert.Null(InputFileOpener.MaximumLength(InputKind.Baseline));
            Assert.Null(InputFileOpener.MaximumLength(InputKind.ChecksumManifest));
        }

        [Fact]
        public void ChecksumManifestStream_HasNoTotalCap_SoAManifestOfAnyLengthIsRead()
        {
            // Larger than every bounded kind's limit would allow a small input; sparse, so no disk is used.
            string manifest = _temp.Combine("SHA256SUMS");
            using (var file = File.Create(manifest))
            {
                file.SetLength(300L * 1024 * 1024);
            }

            using (Stream stream = InputFileOpener.Open(manifest, InputKind.ChecksumManifest))
            {
                Assert.Equal(new FileInfo(manifest).Length, Drain(stream));
            }
        }

        [Fact]
        public void Read_AfterCancellation_Throws()
        {
            string path = _temp.WriteFile("app.scbl", new string('x', 100000));
            using var cancellation = new CancellationTokenSource();
            using Stream stream = InputFileOpener.Open(path, InputKind.Baseline, cancellation.Token);
            Assert.True(stream.Read(new byte[10], 0, 10) > 0);

            cancellation.Cancel();

            Assert.ThrowsAny<OperationCanceledException>(() => stream.Read(new byte[10], 0, 10));
        }

        [Fact]
        public void BaselineReader_OpensThroughTheOpener_SoADirectoryIsNotAccessDenied()
        {
            string folder = _temp.Combine("app.scbl");
            Directory.CreateDirectory(folder);

            Assert.Throws<NotARegularFileException>(() => Core.Baselines.BaselineReader.Open(folder).Dispose());
        }

        private static long Drain(Stream stream)
        {
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                total += read;
            }

            return total;
        }
    }
}
