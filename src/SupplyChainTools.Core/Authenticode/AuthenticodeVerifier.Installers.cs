using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using SupplyChainTools.Core.Cab;
using SupplyChainTools.Core.Hashing;
using SupplyChainTools.Core.Msi;
using SupplyChainTools.Core.Pkcs;

namespace SupplyChainTools.Core.Authenticode
{
    /// <summary>The installer formats: Windows Installer packages (compound files) and cabinets.</summary>
    public sealed partial class AuthenticodeVerifier
    {
        /// <summary>FileType of Windows Installer packages and other compound files (.msi .msp .msm ...).</summary>
        public const string MsiFileType = "MSI";

        /// <summary>FileType of cabinets (.cab, and compressed files such as .ex_).</summary>
        public const string CabFileType = "CAB";

        private AuthenticodeSignature VerifyMsi(string path, Stream content, CancellationToken cancellationToken)
        {
            MsiSignedContent signed;
            byte[]? pkcs7;
            try
            {
                signed = new MsiSignedContent(CompoundFile.Open(content, cancellationToken));
                if (signed.SignatureEntry == null)
                {
                    return CreateResultWithoutSignature(path, MsiFileType, AuthenticodeStatus.NotSigned, "The compound file has no \\u0005DigitalSignature stream.");
                }

                pkcs7 = signed.ReadSignature();
            }
            catch (CompoundFileFormatException exception)
            {
                return CreateResultWithoutSignature(path, MsiFileType, AuthenticodeStatus.Malformed, "The compound file cannot be read: " + exception.Message);
            }

            if (pkcs7 == null)
            {
                return CreateResultWithoutSignature(path, MsiFileType, AuthenticodeStatus.Malformed, "The \\u0005DigitalSignature stream is larger than the " + MsiSignedContent.MaximumSignatureLength + "-byte limit.");
            }

            var problems = new List<SignatureProblem>();
            if (signed.UncoveredTrailingBytes > 0)
            {
                problems.Add(new SignatureProblem(AuthenticodeStatus.UnexpectedData, signed.UncoveredTrailingBytes + " bytes follow the last sector the compound file uses; no signature covers them (the CVE-2020-1464 'GlueBall' shape)."));
            }

            foreach (string message in signed.UncoveredStructureData)
            {
                problems.Add(new SignatureProblem(AuthenticodeStatus.UnexpectedData, message));
            }

            bool preHashChecked = false;
            var digests = new Dictionary<HashAlgorithmName, byte[]>();
            Func<HashAlgorithmName, byte[]> computeDigest = algorithm =>
            {
                if (digests.TryGetValue(algorithm, out byte[]? known))
                {
                    return known;
                }

                try
                {
                    if (!preHashChecked && signed.PreHashEntry != null)
                    {
                        preHashChecked = true;
                        CheckPreHash(signed, algorithm, problems);
                    }

                    byte[] digest = signed.ComputeDigest(algorithm);
                    digests[algorithm] = digest;
                    return digest;
                }
                catch (CompoundFileFormatException exception)
                {
                    // The structure was checked when the file was opened; a stream that still cannot be read fails its digest.
                    problems.Add(new SignatureProblem(AuthenticodeStatus.Malformed, "The compound file cannot be read: " + exception.Message));
                    return Array.Empty<byte>();
                }
            };

            var context = new VerificationContext(path, MsiFileType, computeDigest, null, cancellationToken);
            return VerifySignature(context, pkcs7, problems, null, depth: 0);
        }

        private static void CheckPreHash(MsiSignedContent signed, HashAlgorithmName algorithm, List<SignatureProblem> problems)
        {
            byte[] computed = signed.ComputePreHash(algorithm);
            byte[]? stored = signed.ReadStoredPreHash();
            if (stored == null || !DigestAlgorithms.FixedTimeEquals(computed, stored))
            {
                problems.Add(new SignatureProblem(
                    AuthenticodeStatus.HashMismatch,
                    "The \\u0005MsiDigitalSignatureEx pre-hash " + (stored == null ? "(too long to be a digest)" : HexConverter.ToUpperHex(stored)) + " does not match the " + algorithm.Name + " digest of the directory metadata " + HexConverter.ToUpperHex(computed) + "."));
            }
        }

        private AuthenticodeSignature VerifyCab(string path, Stream content, CancellationToken cancellationToken)
        {
            CabinetSignature? cabinet;
            byte[] pkcs7;
            var formatProblems = new List<string>();
            try
            {
                cabinet = CabinetSignature.Read(content, cancellationToken, out string? unsignedReason);
                if (cabinet == null)
                {
                    return CreateResultWithoutSignature(path, CabFileType, AuthenticodeStatus.NotSigned, unsignedReason!);
                }

                pkcs7 = cabinet.ReadPkcs7(content, formatProblems, cancellationToken);
            }
            catch (FormatException exception)
            {
                return CreateResultWithoutSignature(path, CabFileType, AuthenticodeStatus.Malformed, "The cabinet cannot be read: " + exception.Message);
            }

            var problems = new List<SignatureProblem>();
            foreach (string message in formatProblems)
            {
                problems.Add(new SignatureProblem(AuthenticodeStatus.UnexpectedData, message));
            }

            if (cabinet.TrailingBytes > 0)
            {
                problems.Add(new SignatureProblem(AuthenticodeStatus.UnexpectedData, cabinet.TrailingBytes + " bytes follow the cabinet's signature, which must be the last thing in the file; no signature covers them."));
            }

            if (cabinet.Reserved1 != 0)
            {
                problems.Add(new SignatureProblem(AuthenticodeStatus.UnexpectedData, "The cabinet header's reserved1 field holds 0x" + cabinet.Reserved1.ToString("X8", System.Globalization.CultureInfo.InvariantCulture) + "; it must be zero and no signature covers it."));
            }

            var digests = new Dictionary<HashAlgorithmName, byte[]>();
            Func<HashAlgorithmName, byte[]> computeDigest = algorithm =>
            {
                if (!digests.TryGetValue(algorithm, out byte[]? digest))
                {
                    digest = cabinet.ComputeDigest(content, algorithm, cancellationToken);
                    digests[algorithm] = digest;
                }

                return digest;
            };

            var context = new VerificationContext(path, CabFileType, computeDigest, null, cancellationToken);
            return VerifySignature(context, pkcs7, problems, null, depth: 0);
        }
    }
}
