using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Threading;
using SupplyChainTools.Core;
using SupplyChainTools.Core.Checksums;
using SupplyChainTools.Core.Signatures;

namespace SupplyChainTools.Infrastructure
{
    /// <summary>-TrustedKey, declared by Test-DetachedSignature and Test-FileIntegrity: key files, keyring folders and fingerprints into one <see cref="TrustedKeySet"/>.</summary>
    internal static class SignatureCmdletSupport
    {
        /// <summary>
        /// A value written like a fingerprint (and naming no file) is a fingerprint; anything else a key file or keyring
        /// folder. A key file that cannot be used is an error (TrustedKeyInvalid) and the others are still used; when
        /// nothing can be trusted the cmdlet stops.
        /// </summary>
        public static TrustedKeySet LoadTrustedKeys(SupplyChainCmdlet cmdlet, IEnumerable<string> trustedKey, Action<ErrorRecord> writeError, CancellationToken cancellationToken)
        {
            var paths = new List<string>();
            var fingerprints = new List<string>();
            foreach (string value in trustedKey)
            {
                if (TrustedKeySet.LooksLikeFingerprint(value) && !File.Exists(value))
                {
                    fingerprints.Add(value);
                }
                else
                {
                    string path = cmdlet.ResolveInputFilePath(value, ErrorIds.TrustedKeyNotFound)!;
                    if (!File.Exists(path) && !Directory.Exists(path))
                    {
                        cmdlet.ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"The trusted key '{path}' is neither a key file, a keyring folder nor a fingerprint.", path), ErrorIds.TrustedKeyNotFound, ErrorCategory.ObjectNotFound, value));
                    }

                    paths.Add(path);
                }
            }

            TrustedKeySet keys;
            try
            {
                keys = TrustedKeySet.Load(paths, fingerprints, cancellationToken);
            }
            catch (ArgumentException ex)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.TrustedKeyInvalid, ErrorCategory.InvalidArgument, trustedKey));
                throw;
            }

            foreach (Exception problem in keys.Problems)
            {
                writeError(problem is SignatureFormatException
                    ? new ErrorRecord(problem, ErrorIds.TrustedKeyInvalid, ErrorCategory.InvalidData, trustedKey)
                    : ErrorRecords.ForFileFailure(problem, ErrorRecords.PathOf(problem) ?? string.Join(", ", paths)));
            }

            return keys;
        }

        /// <summary>No -TrustedKey: null (an unsigned check), but -SignatureFile alone stops the cmdlet, since a signature proves nothing without the keys it must come from.</summary>
        public static TrustedKeySet? NoTrustedKey(SupplyChainCmdlet cmdlet, string? signatureFile)
        {
            if (signatureFile != null)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("-SignatureFile needs -TrustedKey: name the keys (files, keyring folders or fingerprints) the signature must come from."),
                    ErrorIds.TrustedKeyRequired,
                    ErrorCategory.InvalidArgument,
                    signatureFile));
            }

            return null;
        }

        /// <summary>
        /// The steps of a signed checksum file (Test-FileIntegrity -TrustedKey): its signature first; when it is not
        /// valid, or cannot be read, an error and no entry, since none can be trusted.
        /// </summary>
        public static IEnumerable<ChecksumManifestItem> ReadSignedManifest(string manifestPath, string? signatureFile, TrustedKeySet keys, string? basePath, string? algorithm, Action<ErrorRecord> writeError, CancellationToken cancellationToken)
        {
            try
            {
                SignedManifest signed = SignedManifestCheck.Read(manifestPath, signatureFile, keys, basePath, algorithm, cancellationToken);
                if (!signed.Signature.IsValid)
                {
                    writeError(ForRefusedManifest(signed.Signature));
                }

                return signed.Items;
            }
            catch (FileNotFoundException ex) when (ex.FileName != manifestPath)
            {
                writeError(new ErrorRecord(ex, ErrorIds.SignatureFileNotFound, ErrorCategory.ObjectNotFound, manifestPath));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                writeError(ErrorRecords.ForChecksumFile(ex, ErrorRecords.PathOf(ex) ?? manifestPath));
            }

            return Array.Empty<ChecksumManifestItem>();
        }

        /// <summary>A checksum file whose signature is not valid: no entry is trusted, so none is checked.</summary>
        public static ErrorRecord ForRefusedManifest(DetachedSignatureCheck signature) => new ErrorRecord(
            new InvalidDataException($"The checksum file '{signature.Path}' is refused and none of its entries was checked: its signature is {signature.Status}. {signature.StatusMessage}"),
            ErrorIds.ChecksumSignatureRefused,
            ErrorCategory.SecurityError,
            signature);
    }
}
