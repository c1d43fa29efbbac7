using System.Security.Cryptography;

namespace Wharf.Oci;

/// <summary>
/// ECDSA P-256 keys as PEM: private keys are PKCS#8 (<c>PRIVATE KEY</c>, or <c>ENCRYPTED PRIVATE KEY</c> with
/// PBES2/AES-256-CBC/PBKDF2-SHA256), public keys are SubjectPublicKeyInfo (<c>PUBLIC KEY</c>, as cosign writes them).
/// </summary>
public static class SigningKeys
{
    private const int Pbkdf2Iterations = 600_000;

    /// <summary>A new P-256 key pair.</summary>
    public static ECDsa Generate() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>The private key as PKCS#8 PEM, encrypted when <paramref name="password"/> is non-empty.</summary>
    public static string ExportPrivateKeyPem(ECDsa key, string? password)
    {
        ArgumentNullException.ThrowIfNull(key);
        return string.IsNullOrEmpty(password)
            ? key.ExportPkcs8PrivateKeyPem()
            : key.ExportEncryptedPkcs8PrivateKeyPem(password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, Pbkdf2Iterations));
    }

    /// <summary>The public key as SubjectPublicKeyInfo PEM.</summary>
    public static string ExportPublicKeyPem(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary>True when <paramref name="pem"/> holds an encrypted private key.</summary>
    public static bool IsEncrypted(string pem) => pem is not null && pem.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal);

    /// <summary>Reads a P-256 private key; <see cref="FormatException"/> says why it cannot be used (never echoing the key).</summary>
    public static ECDsa ImportPrivateKey(string pem, string? password)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (pem.Contains("ENCRYPTED SIGSTORE PRIVATE KEY", StringComparison.Ordinal) || pem.Contains("ENCRYPTED COSIGN PRIVATE KEY", StringComparison.Ordinal))
        {
            throw new FormatException("this is a cosign-encrypted key (scrypt + secretbox); export it as PKCS#8 or generate one with 'wharf keygen'");
        }

        var key = ECDsa.Create();
        try
        {
            if (IsEncrypted(pem))
            {
                if (string.IsNullOrEmpty(password))
                {
                    throw new FormatException("the private key is password-protected and no password was given");
                }

                key.ImportFromEncryptedPem(pem, password);
            }
            else
            {
                key.ImportFromPem(pem);
            }

            RequireP256(key);
            _ = key.ExportParameters(includePrivateParameters: true);
            return key;
        }
        catch (CryptographicException e)
        {
            key.Dispose();
            throw new FormatException(IsEncrypted(pem) ? "the private key could not be decrypted (wrong password?)" : $"not a usable ECDSA private key PEM ({e.Message})", e);
        }
        catch (ArgumentException e)
        {
            key.Dispose();
            throw new FormatException("no ECDSA private key PEM found", e);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Reads a P-256 public key (SubjectPublicKeyInfo PEM).</summary>
    public static ECDsa ImportPublicKey(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            RequireP256(key);
            return key;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new FormatException($"not a usable ECDSA public key PEM ({e.Message})", e);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static void RequireP256(ECDsa key)
    {
        var curve = key.ExportParameters(false).Curve;
        if (curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value && curve.Oid?.FriendlyName is not ("nistP256" or "ECDSA_P256"))
        {
            throw new FormatException($"the key is on curve {curve.Oid?.FriendlyName ?? curve.Oid?.Value ?? "?"}, not P-256");
        }
    }
}
