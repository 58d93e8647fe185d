using System;
using System.IO;
using System.Threading;
using SupplyChainTools.Core.FileSystem;

namespace SupplyChainTools.Core.Signatures
{
    /// <summary>The signed file, read once in chunks through <see cref="InputFileOpener"/>, cancellable.</summary>
    internal static class ArtifactReader
    {
        private const int ChunkBytes = 128 * 1024;

        /// <summary>Gives every chunk of the file to <paramref name="update"/>; with <paramref name="maximumLength"/>, a longer file is refused before it is read.</summary>
        public static void Feed(string path, long? maximumLength, Action<byte[], int> update, CancellationToken cancellationToken)
        {
            using (Stream stream = InputFileOpener.Open(path, InputKind.SignedArtifact, cancellationToken))
            {
                if (maximumLength != null && stream.Length > maximumLength.Value)
                {
                    throw new InputFileTooLargeException(path, "signed file", maximumLength.Value, stream.Length);
                }

                byte[] buffer = new byte[ChunkBytes];
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    update(buffer, read);
                }
            }
        }

        /// <summary>The whole file (for formats that need it in memory), refused above <paramref name="maximumLength"/>.</summary>
        public static byte[] ReadAll(string path, long maximumLength, CancellationToken cancellationToken)
        {
            using (var content = new MemoryStream())
            {
                Feed(path, maximumLength, (buffer, count) => content.Write(buffer, 0, count), cancellationToken);
                return content.ToArray();
            }
        }
    }
}
