using System;
using System.IO;
using System.Threading;

namespace SupplyChainTools.Core.Hashing
{
    /// <summary>What to check: a file, the algorithm, the expected hash, and where the expectation came from.</summary>
    public sealed class IntegrityExpectation
    {
        public IntegrityExpectation(string path, string algorithmLabel, string? algorithm, string expectedHash, string? checksumFile = null, int? lineNumber = null, string? signerFingerprint = null)
        {
            SignerFingerprint = signerFingerprint;
            Path = path;
            AlgorithmLabel = algorithmLabel;
            Algorithm = algorithm;
            ExpectedHash = expectedHash.ToUpperInvariant();
            ChecksumFile = checksumFile;
            LineNumber = lineNumber;
        }

        public string Path { get; }
        public string AlgorithmLabel { get; }
        public string? Algorithm { get; }
        public string ExpectedHash { get; }
        public string? ChecksumFile { get; }
        public int? LineNumber { get; }

        /// <summary>Who signed the checksum file the expectation came from, when its signature was verified.</summary>
        public string? SignerFingerprint { get; }
    }

    /// <summary>Checks one file against one expected hash; every outcome is a status, never an exception (except cancellation).</summary>
    public static class FileIntegrityChecker
    {
        public static FileIntegrityCheck Check(IntegrityExpectation expectation, CancellationToken cancellationToken = default)
        {
            string path = expectation.Path;
            if (expectation.Algorithm == null)
            {
                return Result(expectation, null, FileIntegrityStatus.UnsupportedAlgorithm, $"'{expectation.AlgorithmLabel}' is not an algorithm this module computes; the file was not checked.");
            }

            try
            {
                FileIntegrity facts = FileHasher.HashFile(path, new[] { expectation.Algorithm }, false, cancellationToken);
                string actual = facts.GetHash(expectation.Algorithm)!;
                return string.Equals(actual, expectation.ExpectedHash, StringComparison.Ordinal)
                    ? Result(expectation, actual, FileIntegrityStatus.Match, $"The {expectation.Algorithm} hash matches.")
                    : Result(expectation, actual, FileIntegrityStatus.Mismatch, $"The {expectation.Algorithm} hash does not match: the file differs from what was published.");
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                return Result(expectation, null, FileIntegrityStatus.Missing, "The file does not exist.");
            }
            catch (NotARegularFileException ex)
            {
                return Result(expectation, null, FileIntegrityStatus.Unreadable, ex.Message);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return Result(expectation, null, FileIntegrityStatus.Unreadable, "The file could not be read: " + ex.Message);
            }
        }

        private static FileIntegrityCheck Result(IntegrityExpectation expectation, string? actual, string status, string message)
            => new FileIntegrityCheck(expectation.Path, expectation.AlgorithmLabel, expectation.ExpectedHash, actual, status, message, expectation.ChecksumFile, expectation.LineNumber, expectation.SignerFingerprint);
    }
}
