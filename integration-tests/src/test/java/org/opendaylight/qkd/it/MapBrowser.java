/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.opendaylight.qkd.karaf.process.KarafProcess;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The network map in a real browser: Debian's headless {@code chromium}, driven through Debian's
 * {@code chromedriver} with Selenium, logged in with RESTCONF's credentials. What the tests read is what the page
 * gives the browser: the DOM, and the option ECharts draws from.
 */
final class MapBrowser implements AutoCloseable {
    // the service list's row of the service in arguments[0], as the page shows it now (undefined when none)
    private static final String SERVICE_ROW = """
        const row = [...document.querySelectorAll('#services tr')]
            .find(candidate => candidate.dataset.service === arguments[0]);
        """;

    /**
     * Debian's browser.
     */
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /**
     * Debian's driver for it.
     */
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path screenshots;

    private MapBrowser(final ChromeDriver driver, final Path screenshots) {
        this.driver = driver;
        this.screenshots = screenshots;
    }

    /**
     * Whether the browser and its driver are installed.
     *
     * @return whether the map can be tested
     */
    static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /**
     * Opens the map.
     *
     * @param url the map's address, with the user and password in it
     * @param screenshots where screenshots go
     * @return the browser showing the map
     * @throws IOException when the screenshot directory cannot be made
     */
    static MapBrowser open(final String url, final Path screenshots) throws IOException {
        Files.createDirectories(screenshots);
        final var options = new ChromeOptions().setBinary(CHROMIUM.toFile())
            // root in CI: no sandbox; small /dev/shm in containers
            .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1600,1000", "--hide-scrollbars",
                // the controller's HTTPS certificate, pinned by its public key (chromedriver gives the browser a
                // profile of its own, which this flag needs)
                "--ignore-certificate-errors-spki-list=" + spki(KarafProcess.tlsCertificate()));
        final var logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        final var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort().withLogFile(screenshots.resolve("chromedriver.log").toFile()).build();
        final var driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
        driver.get(url);
        return new MapBrowser(driver, screenshots);
    }

    // the base64 SHA-256 digest of a certificate's public key, as Chromium pins it
    private static String spki(final Path certificate) throws IOException {
        try (var in = Files.newInputStream(certificate)) {
            final var x509 = CertificateFactory.getInstance("X.509").generateCertificate(in);
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(x509.getPublicKey().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read " + certificate, e);
        }
    }

    /**
     * What the map draws now: its nodes, and its links by label with their colour.
     *
     * @return {@code nodes} (a count), {@code links} (label to line colour), empty before the first drawing
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> drawn() {
        return (Map<String, Object>) driver.executeScript("""
            const chart = echarts.getInstanceByDom(document.getElementById('map'));
            const series = chart === undefined ? undefined : chart.getOption().series;
            if (series === undefined || series.length === 0) {
                return {nodes: 0, links: {}};
            }
            const links = {};
            for (const link of series[0].links) {
                links[link.name] = link.lineStyle.color;
            }
            return {nodes: series[0].data.length, links: links};
            """);
    }

    /**
     * The mode a key service shows in the service list.
     *
     * @param service its ID
     * @return the mode shown, or null when the service is not listed
     */
    String serviceMode(final String service) {
        // in one script: the page replaces the list's rows at each refresh, so an element found in one call may be
        // gone by the next
        return (String) driver.executeScript(SERVICE_ROW + """
            const badge = row === undefined ? null : row.querySelector('.badge');
            return badge === null ? null : badge.textContent.trim();
            """, service);
    }

    /**
     * Selects a key service, which draws its path.
     *
     * @param service its ID
     */
    void selectService(final String service) {
        // the row as it is now, clicked in the same script that finds it (see serviceMode)
        final var clicked = (Boolean) driver.executeScript(SERVICE_ROW + """
            if (row === undefined) {
                return false;
            }
            row.click();
            return true;
            """, service);
        if (!Boolean.TRUE.equals(clicked)) {
            throw new IllegalStateException("the map lists no service " + service);
        }
    }

    /**
     * The page's summary line.
     *
     * @return what it says
     */
    String summary() {
        return driver.findElement(By.id("summary")).getText();
    }

    /**
     * The error line of the page (RESTCONF not answering, for example).
     *
     * @return what it says, empty when all is well
     */
    String error() {
        return driver.findElement(By.id("error")).getText();
    }

    /**
     * Keeps a screenshot of the page.
     *
     * @param name the file's name, without extension
     * @return the file
     * @throws IOException when it cannot be written
     */
    Path screenshot(final String name) throws IOException {
        final File file = driver.getScreenshotAs(OutputType.FILE);
        return Files.copy(file.toPath(), screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The browser console's errors since the last call.
     *
     * @return entries of level SEVERE
     */
    List<LogEntry> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
