using System;
using System.IO;
using System.Threading;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Signatures
{
    /// <summary>
    /// What a detached signature is checked over: a file, read once in chunks through <see cref="InputFileOpener"/>
    /// (cancellable), or bytes already read (a checksum file, so that the bytes verified are the bytes then parsed).
    /// </summary>
    internal sealed class SignedContent
    {
        private const int ChunkBytes = 128 * 1024;
        private readonly byte[]? _bytes;
        private readonly CancellationToken _cancellationToken;

        private SignedContent(string path, byte[]? bytes, CancellationToken cancellationToken)
        {
            Path = path;
            _bytes = bytes;
            _cancellationToken = cancellationToken;
        }

        public string Path { get; }

        public static SignedContent FromFile(string path, CancellationToken cancellationToken) => new SignedContent(path, null, cancellationToken);

        public static SignedContent FromBytes(string path, byte[] bytes) => new SignedContent(path, bytes, CancellationToken.None);

        /// <summary>Gives every chunk to <paramref name="update"/>; with <paramref name="maximumLength"/>, longer content is refused before it is read.</summary>
        public void Feed(long? maximumLength, Action<byte[], int> update)
        {
            if (_bytes != null)
            {
                update(_bytes, _bytes.Length);
                return;
            }

            using (Stream stream = InputFileOpener.Open(Path, InputKind.SignedArtifact, _cancellationToken))
            {
                if (maximumLength != null && stream.Length > maximumLength.Value)
                {
                    throw new InputFileTooLargeException(Path, "signed file", maximumLength.Value, stream.Length);
                }

                byte[] buffer = new byte[ChunkBytes];
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    update(buffer, read);
                }
            }
        }

        /// <summary>The whole content (for formats that need it in memory), refused above <paramref name="maximumLength"/>.</summary>
        public byte[] ReadAll(long maximumLength)
        {
            if (_bytes != null)
            {
                return _bytes;
            }

            using (var content = new MemoryStream())
            {
                Feed(maximumLength, (buffer, count) => content.Write(buffer, 0, count));
                return content.ToArray();
            }
        }

        /// <summary>The SHA-256 of the content, through the module's hashing.</summary>
        public byte[] Sha256()
        {
            if (_bytes != null)
            {
                return MultiHash.HashOnce("SHA256", _bytes, _bytes.Length);
            }

            return HexConverter.FromHex(FileHasher.HashFile(Path, new[] { "SHA256" }, cancellationToken: _cancellationToken).GetHash("SHA256")!);
        }
    }
}
